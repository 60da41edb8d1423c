import { ALL_USERS, AUTHENTICATED_USERS, cannedGrants, type Grant } from '../../accounts/grants.js';
import { S3Error } from '../../errors.js';
import type { BucketPolicy } from '../../policy/bucket-policy.js';
import { isPublicPolicy } from '../../policy/policy-status.js';
import type { BucketControls } from '../../storage/bucket-controls-store.js';
import type { Bucket } from '../../storage/types.js';
import { isBucketOwner } from './bucket-owner.js';

/**
 * What a bucket's Block Public Access and Object Ownership settings change in authorization.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 */

/** S3's "public" ACL: one that grants anything to AllUsers or AuthenticatedUsers. */
export function isPublicAcl(grants: readonly Grant[]): boolean {
  return grants.some(isPublicGrant);
}

function isPublicGrant(g: Grant): boolean {
  return g.grantee.kind === 'group' && (g.grantee.uri === ALL_USERS || g.grantee.uri === AUTHENTICATED_USERS);
}

/**
 * The grants of a bucket or object ACL that authorization may use: none when ACLs are disabled
 * (BucketOwnerEnforced: only the owner and the policy decide), none of the public ones under
 * IgnorePublicAcls; the stored ACL itself is kept as it was.
 */
export function usableGrants(controls: BucketControls, grants: readonly Grant[]): Grant[] {
  if (controls.ownership === 'BucketOwnerEnforced') return [];
  if (controls.publicAccessBlock?.ignorePublicAcls) return grants.filter((g) => !isPublicGrant(g));
  return [...grants];
}

/** The ACL a read of an ACL shows: with ACLs disabled, always the owner's full control. */
export function shownGrants(controls: BucketControls, grants: Grant[], ownerId: string): Grant[] {
  return controls.ownership === 'BucketOwnerEnforced' ? cannedGrants('private', ownerId) : grants;
}

/** Exactly one grant, FULL_CONTROL to the bucket owner: `private` and `bucket-owner-full-control`. */
export function isOwnerFullControl(grants: readonly Grant[], ownerId: string): boolean {
  const [only, ...rest] = grants;
  return (
    rest.length === 0 &&
    only?.permission === 'FULL_CONTROL' &&
    only.grantee.kind === 'user' &&
    only.grantee.id === ownerId
  );
}

/**
 * An ACL a write asks for (PutObject, CopyObject, CreateMultipartUpload, PostObject's `acl`,
 * Put*Acl), checked against the bucket's settings before anything is stored: with ACLs disabled
 * only the owner's full control (or no ACL) is accepted, 400 AccessControlListNotSupported;
 * under BlockPublicAcls a public ACL is 403 AccessDenied.
 */
export function checkRequestedAcl(controls: BucketControls, grants: readonly Grant[], ownerId: string): void {
  if (controls.ownership === 'BucketOwnerEnforced' && !isOwnerFullControl(grants, ownerId)) {
    throw new S3Error('AccessControlListNotSupported');
  }
  if (controls.publicAccessBlock?.blockPublicAcls && isPublicAcl(grants)) throw new S3Error('AccessDenied');
}

/** PutBucketPolicy under BlockPublicPolicy: a public policy is 403 AccessDenied. */
export function checkPolicyAllowed(controls: BucketControls, policy: BucketPolicy): void {
  if (controls.publicAccessBlock?.blockPublicPolicy && isPublicPolicy(policy)) {
    throw new S3Error('AccessDenied');
  }
}

/**
 * RestrictPublicBuckets: while the bucket's policy is public, its Allow statements serve the
 * bucket owner's account only; anonymous callers and other accounts get nothing from them (an
 * explicit Deny still applies to everyone).
 */
export function policyAllowRestricted(
  controls: BucketControls,
  bucket: Bucket,
  policy: BucketPolicy,
  principal: string | null,
): boolean {
  if (!controls.publicAccessBlock?.restrictPublicBuckets) return false;
  return !isBucketOwner(bucket, principal) && isPublicPolicy(policy);
}
