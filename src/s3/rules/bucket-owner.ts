import { canonicalOwnerId, ROOT_ACCOUNT } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { Bucket } from '../../storage/types.js';

/** Whether `principal` is the bucket's owner (or root, who administers every bucket). */
export function isBucketOwner(bucket: Bucket, principal: string | null): boolean {
  return (
    principal !== null && (principal === ROOT_ACCOUNT.id || principal === canonicalOwnerId(bucket.owner))
  );
}

/**
 * The bucket's access settings (PublicAccessBlock, Object Ownership) are its owner's alone: a
 * policy Deny still refuses the owner (checked before), but no policy Allow hands them to anyone else.
 */
export function requireBucketOwner(bucket: Bucket, principal: string | null): void {
  if (!isBucketOwner(bucket, principal)) throw new S3Error('AccessDenied');
}
