import { S3Error } from '../../errors.js';
import type { S3Request } from '../action.js';

/**
 * `GET /files/{bucket}/{folder}`: the bucket is the first segment after `files`, the rest names a
 * folder ('a/d' or 'a/d/'; '' is the bucket's root).
 */
export function folderPath(req: S3Request): { bucket: string; folder: string } {
  const rest = req.target.key ?? '';
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (bucket === '') throw new S3Error('InvalidRequest', 'Usage: GET /files/{bucket}/{folder}');
  const raw = slash === -1 ? '' : rest.slice(slash + 1);
  return { bucket, folder: raw === '' || raw.endsWith('/') ? raw : `${raw}/` };
}
