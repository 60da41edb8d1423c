import { S3Error } from '../../errors.js';
import type { S3Request } from '../action.js';

/** S3's largest listing page. */
export const MAX_LIST_KEYS = 1000;

/** `max-keys` (or another count parameter), capped at 1000. */
export function maxKeysOf(req: S3Request, name = 'max-keys'): number {
  const raw = req.target.query.get(name);
  if (raw === undefined) return MAX_LIST_KEYS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw new S3Error('InvalidArgument', `${name} must be a non-negative integer.`, { ArgumentName: name });
  }
  return Math.min(n, MAX_LIST_KEYS);
}

/** encoding-type=url: botocore asks for it and decodes the echoed fields only when it is echoed. */
export function encoderOf(req: S3Request): (s: string) => string {
  const type = req.target.query.get('encoding-type');
  if (type === undefined) return (s) => s;
  if (type !== 'url') {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
    });
  }
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}
