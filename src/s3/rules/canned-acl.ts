import type { CannedAclName } from '../../accounts/grants.js';
import { S3Error } from '../../errors.js';
import type { CannedAcl } from '../../storage/types.js';

/** The canned ACLs a bucket can carry (stored in `buckets.acl`). */
export const BUCKET_CANNED: readonly CannedAcl[] = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
];
/** Objects also accept the bucket-owner ones, which equal `private` here (the bucket owner owns every object). */
const OBJECT_CANNED: readonly CannedAclName[] = [
  ...BUCKET_CANNED,
  'bucket-owner-read',
  'bucket-owner-full-control',
];

type Headers = Record<string, string | string[] | undefined>;

/** True when the request carries any `x-amz-grant-*` header. */
export function hasGrantHeaders(headers: Headers): boolean {
  return Object.keys(headers).some((h) => h.startsWith('x-amz-grant-'));
}

/** Reads `x-amz-acl` for CreateBucket, which takes canned ACLs only. */
export function cannedAclFromHeaders(headers: Headers): CannedAcl | undefined {
  if (hasGrantHeaders(headers)) {
    throw new S3Error(
      'NotImplemented',
      'CreateBucket does not take x-amz-grant-* headers; create it, then call PutBucketAcl.',
    );
  }
  const value = cannedAclHeader(headers, 'bucket');
  return value as CannedAcl | undefined;
}

/** The `x-amz-acl` value, checked against the canned ACLs of a bucket or an object. */
export function cannedAclHeader(headers: Headers, target: 'bucket' | 'object'): CannedAclName | undefined {
  const raw = headers['x-amz-acl'];
  if (raw === undefined) return undefined;
  const value = String(raw).trim();
  const allowed: readonly string[] = target === 'bucket' ? BUCKET_CANNED : OBJECT_CANNED;
  if (!allowed.includes(value)) {
    throw new S3Error('InvalidArgument', `Unsupported canned ACL: ${value}`, { ArgumentName: 'x-amz-acl' });
  }
  return value as CannedAclName;
}
