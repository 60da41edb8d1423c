import { type AclPermission, cannedGrants, type Grant, grantsAllow } from '../accounts/grants.js';
import { canonicalOwnerId, ROOT_ACCOUNT } from '../accounts/root-account.js';
import { S3Error } from '../http/errors.js';
import type { Bucket } from '../metadata/bucket-repository.js';
import { parseCopySource } from './copy-source.js';
import type { S3Request, Services } from './operation.js';

/** What an operation needs on a bucket; `owner` is for the bucket owner (and root) only. */
export type Permission = 'read' | 'write' | 'read-acp' | 'write-acp' | 'owner';

/** The canonical id and display name of the root account (the OKS3_ACCESS_KEY credentials). */
export const ROOT_OWNER = ROOT_ACCOUNT;

const GRANTED_BY: Record<Exclude<Permission, 'owner'>, AclPermission> = {
  read: 'READ',
  write: 'WRITE',
  'read-acp': 'READ_ACP',
  'write-acp': 'WRITE_ACP',
};

/**
 * Loads the addressed bucket and checks that the caller may act on it: root and the bucket owner
 * may do anything; anyone else needs a grant in the bucket ACL. A GetObject/HeadObject (or a copy
 * source) is also allowed by a READ grant in the object's own ACL.
 */
export async function authorizeBucket(
  req: S3Request,
  services: Services,
  permission: Permission,
): Promise<Bucket> {
  const bucket = await loadBucket(req, services);
  const principal = req.auth.principal;
  if (isBucketOwner(bucket, principal)) return bucket;
  if (permission === 'owner') throw new S3Error('AccessDenied');
  if (grantsAllow(await bucketGrants(services, bucket), principal, GRANTED_BY[permission])) return bucket;
  if (permission === 'read' && (await objectGrantsRead(req, services, bucket))) return bucket;
  throw new S3Error('AccessDenied');
}

/** The addressed bucket, without a permission check; anonymous callers never learn which names exist. */
export async function loadBucket(req: S3Request, services: Services): Promise<Bucket> {
  const name = req.target.bucket;
  if (name === undefined) throw new S3Error('InvalidRequest', 'A bucket is required.');
  const bucket = await services.buckets.get(name);
  if (bucket) return bucket;
  if (req.auth.principal === null) throw new S3Error('AccessDenied');
  throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
}

export function isBucketOwner(bucket: Bucket, principal: string | null): boolean {
  return principal !== null && (principal === ROOT_OWNER.id || principal === canonicalOwnerId(bucket.owner));
}

/** The bucket ACL: the grants set by PutBucketAcl, else those of the canned ACL it was created with. */
export async function bucketGrants(services: Services, bucket: Bucket): Promise<Grant[]> {
  const explicit = await services.acls.bucketGrants(bucket.name, bucket.createdAt);
  return explicit ?? cannedGrants(bucket.acl, canonicalOwnerId(bucket.owner));
}

async function objectGrantsRead(req: S3Request, services: Services, bucket: Bucket): Promise<boolean> {
  const key = readObjectKey(req);
  if (key === undefined) return false;
  const version = await services.objectIndex.current(bucket.name, key);
  if (!version || version.isDeleteMarker) return false;
  const grants = await services.acls.objectGrants(bucket.name, key, version.versionId);
  return grants !== undefined && grantsAllow(grants, req.auth.principal, 'READ');
}

/** The object a read check is about: the copy source of a copy, the target of a GET/HEAD. */
function readObjectKey(req: S3Request): string | undefined {
  if (req.headers['x-amz-copy-source'] !== undefined)
    return parseCopySource(req.headers['x-amz-copy-source']).key;
  const plainRead = (req.method === 'GET' || req.method === 'HEAD') && !req.target.query.has('uploadId');
  return plainRead ? req.target.key : undefined;
}

/** Service-level calls (ListBuckets, CreateBucket) need a signed caller. */
export function requireSigned(req: S3Request): string {
  if (req.auth.principal === null) throw new S3Error('AccessDenied');
  return req.auth.principal;
}
