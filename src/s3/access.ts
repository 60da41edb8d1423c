import { S3Error } from '../http/errors.js';
import type { Bucket } from '../metadata/bucket-repository.js';
import type { S3Request, Services } from './operation.js';

export type Permission = 'read' | 'write' | 'owner';

/** The canonical id and display name of the root account (the OKS3_ACCESS_KEY credentials). */
export const ROOT_OWNER = { id: 'oks3-root', displayName: 'root' } as const;

/**
 * Loads the addressed bucket and checks that the caller may act on it. Anonymous callers may
 * only read from buckets whose canned ACL opens reads to everyone.
 */
export async function authorizeBucket(
  req: S3Request,
  services: Services,
  permission: Permission,
): Promise<Bucket> {
  const name = req.target.bucket;
  if (name === undefined) throw new S3Error('InvalidRequest', 'A bucket is required.');
  const bucket = await services.buckets.get(name);
  if (!bucket) {
    // Do not reveal which buckets exist to anonymous callers.
    if (req.auth.principal === null) throw new S3Error('AccessDenied');
    throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
  }
  if (!mayAccess(bucket, req.auth.principal, permission)) throw new S3Error('AccessDenied');
  return bucket;
}

function mayAccess(bucket: Bucket, principal: string | null, permission: Permission): boolean {
  if (principal !== null && (principal === bucket.owner || principal === ROOT_OWNER.id)) return true;
  if (permission === 'owner') return false;
  switch (bucket.acl) {
    case 'public-read':
      return permission === 'read';
    case 'public-read-write':
      return true;
    case 'authenticated-read':
      return principal !== null && permission === 'read';
    default:
      return false;
  }
}

/** Service-level calls (ListBuckets, CreateBucket) need a signed caller. */
export function requireSigned(req: S3Request): string {
  if (req.auth.principal === null) throw new S3Error('AccessDenied');
  return req.auth.principal;
}
