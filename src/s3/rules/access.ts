import { type AclPermission, cannedGrants, type Grant, grantsAllow } from '../../accounts/grants.js';
import { canonicalOwnerId, ROOT_ACCOUNT } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { Bucket, ObjectVersion } from '../../storage/types.js';
import type { BucketPermission, Context, S3Request } from '../action.js';
import { isBucketOwner } from './bucket-owner.js';
import { type PolicyQuestion, policyVerdict } from './policy-verdict.js';
import { usableGrants } from './public-access.js';

/** The canonical id and display name of the root account (the OKS3_ACCESS_KEY credentials). */
export const ROOT_OWNER = ROOT_ACCOUNT;

const GRANTED_BY: Record<Exclude<BucketPermission, 'owner'>, AclPermission> = {
  read: 'READ',
  write: 'WRITE',
  'read-acp': 'READ_ACP',
  'write-acp': 'WRITE_ACP',
};

/** A request on a bucket as authorization sees it: the ACL permission and the policy's question. */
export interface BucketAccess extends PolicyQuestion {
  need: BucketPermission;
}

/**
 * Loads a bucket and checks that the caller may act on it (`bucketAllows`). A bucket READ grant
 * allows listing only: reading an object needs READ in that object's own ACL
 * (`authorizeObjectRead`), or the policy's Allow, as on S3.
 */
export async function authorizeBucket(
  req: S3Request,
  ctx: Context,
  name: string | undefined,
  access: BucketAccess,
): Promise<Bucket> {
  const bucket = await loadBucket(req, ctx, name);
  if (await bucketAllows(req, ctx, bucket, access)) return bucket;
  throw new S3Error('AccessDenied');
}

/**
 * S3's order (docs/ARCHITECTURE.md, "Accounts and access control"): an explicit Deny in the
 * bucket policy refuses, even the bucket owner; else the policy's Allow or the ACL grants
 * (the owner and root always) let the caller in.
 */
export async function bucketAllows(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  access: BucketAccess,
): Promise<boolean> {
  const verdict = await policyVerdict(req, ctx, bucket, access);
  if (verdict !== 'None') return verdict === 'Allow';
  return aclAllows(ctx, bucket, req.auth.principal, access.need);
}

/** Whether the bucket ACL lets `principal` act with `need` (owner and root always). */
async function aclAllows(
  ctx: Context,
  bucket: Bucket,
  principal: string | null,
  need: BucketPermission,
): Promise<boolean> {
  if (isBucketOwner(bucket, principal)) return true;
  if (need === 'owner') return false;
  const grants = usableGrants(await ctx.controls.get(bucket), await ctx.buckets.grants(bucket));
  return grantsAllow(grants, principal, GRANTED_BY[need]);
}

/**
 * A bucket, without a permission check. S3 answers NoSuchBucket to anyone, anonymous callers
 * included: bucket names are global and their existence is not a secret in S3 either.
 */
export async function loadBucket(
  req: S3Request,
  ctx: Context,
  name: string | undefined,
  expectedOwnerHeader = 'x-amz-expected-bucket-owner',
): Promise<Bucket> {
  if (name === undefined) throw new S3Error('InvalidRequest', 'A bucket is required.');
  const bucket = await ctx.buckets.get(name);
  if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
  checkExpectedOwner(req.headers[expectedOwnerHeader], bucket);
  return bucket;
}

/**
 * `x-amz-expected-bucket-owner` (`x-amz-source-expected-bucket-owner` for a copy source): the
 * caller's guard against writing into or reading from someone else's bucket. OK-S3's account id is
 * the owner's canonical id (64 hex, as in Owner elements); a mismatch is 403, as on S3.
 */
function checkExpectedOwner(expected: string | string[] | undefined, bucket: Bucket): void {
  if (expected === undefined) return;
  if (String(expected).trim() !== canonicalOwnerId(bucket.owner)) throw new S3Error('AccessDenied');
}

export { isBucketOwner } from './bucket-owner.js';

/** A version's ACL: its explicit grants, else private (the bucket owner owns every object). */
export async function objectGrants(ctx: Context, bucket: Bucket, version: ObjectVersion): Promise<Grant[]> {
  return (await ctx.objects.grants(version)) ?? cannedGrants('private', canonicalOwnerId(bucket.owner));
}

/**
 * Whether the ACL lets the caller read this version's bytes (GET, HEAD, copy source): the bucket
 * owner and root may; anyone else needs READ in the version's own ACL (private when none was set).
 * The bucket policy was asked before (rules/readable-version.ts).
 */
export async function authorizeObjectRead(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  version: ObjectVersion,
): Promise<void> {
  if (isBucketOwner(bucket, req.auth.principal)) return;
  const grants = usableGrants(await ctx.controls.get(bucket), await objectGrants(ctx, bucket, version));
  if (!grantsAllow(grants, req.auth.principal, 'READ')) {
    throw new S3Error('AccessDenied');
  }
}

/**
 * The error for a key (or version) that is not there: S3 tells only callers who may list the
 * bucket (s3:ListBucket, by the policy or the ACL) that it is missing; everyone else gets
 * AccessDenied.
 */
export async function missingObjectError(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  missing: S3Error,
): Promise<S3Error> {
  const mayList = await bucketAllows(req, ctx, bucket, { need: 'read', action: 's3:ListBucket' });
  return mayList ? missing : new S3Error('AccessDenied');
}

/** Service-level calls (ListBuckets, CreateBucket) need a signed caller. */
export function requireSigned(req: S3Request): string {
  if (req.auth.principal === null) throw new S3Error('AccessDenied');
  return req.auth.principal;
}
