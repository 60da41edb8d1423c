import { describe, expect, it } from 'vitest';
import { ALL_USERS, AUTHENTICATED_USERS, cannedGrants, type Grant } from '../../accounts/grants.js';
import { S3Error } from '../../errors.js';
import type { BucketControls } from '../../storage/bucket-controls-store.js';
import {
  checkRequestedAcl,
  isOwnerFullControl,
  isPublicAcl,
  shownGrants,
  usableGrants,
} from './public-access.js';

const OWNER = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const NONE: BucketControls = { publicAccessBlock: undefined, ownership: undefined };
const block = (flags: Partial<NonNullable<BucketControls['publicAccessBlock']>>): BucketControls => ({
  ownership: undefined,
  publicAccessBlock: {
    blockPublicAcls: false,
    ignorePublicAcls: false,
    blockPublicPolicy: false,
    restrictPublicBuckets: false,
    ...flags,
  },
});
const ENFORCED: BucketControls = { publicAccessBlock: undefined, ownership: 'BucketOwnerEnforced' };
const userGrant: Grant = { grantee: { kind: 'user', id: OTHER }, permission: 'READ' };

function codeOf(run: () => void): string {
  try {
    run();
    return 'no error';
  } catch (err) {
    return err instanceof S3Error ? err.code : 'not an S3Error';
  }
}

describe('public ACLs and their settings', () => {
  it('calls an ACL public when it grants anything to AllUsers or AuthenticatedUsers', () => {
    expect(isPublicAcl(cannedGrants('public-read', OWNER))).toBe(true);
    expect(isPublicAcl(cannedGrants('authenticated-read', OWNER))).toBe(true);
    expect(
      isPublicAcl([{ grantee: { kind: 'group', uri: AUTHENTICATED_USERS }, permission: 'WRITE_ACP' }]),
    ).toBe(true);
    expect(isPublicAcl([...cannedGrants('private', OWNER), userGrant])).toBe(false);
  });

  it('keeps every grant without settings, drops the public ones under IgnorePublicAcls, all of them with ACLs disabled', () => {
    const grants = [...cannedGrants('public-read', OWNER), userGrant];
    expect(usableGrants(NONE, grants)).toEqual(grants);
    expect(usableGrants(block({ ignorePublicAcls: true }), grants)).toEqual([grants[0], userGrant]);
    expect(usableGrants(ENFORCED, grants)).toEqual([]);
    expect(grants.some((g) => g.grantee.kind === 'group' && g.grantee.uri === ALL_USERS)).toBe(true);
  });

  it('shows the owner full control when ACLs are disabled', () => {
    const grants = cannedGrants('public-read', OWNER);
    expect(shownGrants(NONE, grants, OWNER)).toBe(grants);
    expect(shownGrants(ENFORCED, grants, OWNER)).toEqual(cannedGrants('private', OWNER));
  });

  it('accepts only the owner full control with ACLs disabled, and no public ACL under BlockPublicAcls', () => {
    expect(isOwnerFullControl(cannedGrants('bucket-owner-full-control', OWNER), OWNER)).toBe(true);
    expect(isOwnerFullControl(cannedGrants('private', OTHER), OWNER)).toBe(false);
    expect(codeOf(() => checkRequestedAcl(ENFORCED, cannedGrants('private', OWNER), OWNER))).toBe('no error');
    expect(codeOf(() => checkRequestedAcl(ENFORCED, [userGrant], OWNER))).toBe(
      'AccessControlListNotSupported',
    );
    // Both settings (S3's defaults for a new bucket): ACLs disabled is what the caller hears.
    const both = { ...block({ blockPublicAcls: true }), ownership: 'BucketOwnerEnforced' as const };
    expect(codeOf(() => checkRequestedAcl(both, cannedGrants('public-read', OWNER), OWNER))).toBe(
      'AccessControlListNotSupported',
    );
    const blocking = block({ blockPublicAcls: true });
    expect(codeOf(() => checkRequestedAcl(blocking, cannedGrants('public-read', OWNER), OWNER))).toBe(
      'AccessDenied',
    );
    expect(codeOf(() => checkRequestedAcl(blocking, [userGrant], OWNER))).toBe('no error');
    expect(codeOf(() => checkRequestedAcl(NONE, cannedGrants('public-read-write', OWNER), OWNER))).toBe(
      'no error',
    );
  });
});
