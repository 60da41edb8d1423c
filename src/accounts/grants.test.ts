import { describe, expect, it } from 'vitest';
import {
  ALL_USERS,
  AUTHENTICATED_USERS,
  cannedGrants,
  decodeGrant,
  encodeGrant,
  grantsAllow,
} from './grants.js';

const OWNER = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

describe('grants', () => {
  it('expand canned ACLs as S3 documents them', () => {
    expect(cannedGrants('private', OWNER).map(encodeGrant)).toEqual([`FULL_CONTROL id:${OWNER}`]);
    expect(cannedGrants('public-read-write', OWNER).map(encodeGrant)).toEqual([
      `FULL_CONTROL id:${OWNER}`,
      `READ uri:${ALL_USERS}`,
      `WRITE uri:${ALL_USERS}`,
    ]);
    expect(cannedGrants('authenticated-read', OWNER).map(encodeGrant)).toContain(
      `READ uri:${AUTHENTICATED_USERS}`,
    );
  });

  it('allow by user, by group, and FULL_CONTROL implies every permission', () => {
    const grants = [
      { grantee: { kind: 'user', id: OTHER }, permission: 'FULL_CONTROL' },
      { grantee: { kind: 'group', uri: AUTHENTICATED_USERS }, permission: 'READ' },
    ] as const;
    expect(grantsAllow(grants, OTHER, 'WRITE_ACP')).toBe(true);
    expect(grantsAllow(grants, OWNER, 'READ')).toBe(true);
    expect(grantsAllow(grants, OWNER, 'WRITE')).toBe(false);
    expect(grantsAllow(grants, null, 'READ')).toBe(false);
    expect(grantsAllow(cannedGrants('public-read', OWNER), null, 'READ')).toBe(true);
  });

  it('round-trip through the stored form and skip unreadable entries', () => {
    for (const g of cannedGrants('public-read-write', OWNER)) expect(decodeGrant(encodeGrant(g))).toEqual(g);
    expect(decodeGrant('EVERYTHING id:x')).toBeUndefined();
    expect(decodeGrant('READ')).toBeUndefined();
  });
});
