import { describe, expect, it } from 'vitest';
import { parseBucketPolicy } from './bucket-policy.js';
import { ALICE, BUCKET } from './policy.fixture.js';
import { isPublicPolicy } from './policy-status.js';

function isPublic(statement: Record<string, unknown>): boolean {
  const base = {
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
  };
  return isPublicPolicy(
    parseBucketPolicy(
      JSON.stringify({ Version: '2012-10-17', Statement: [{ ...base, ...statement }] }),
      BUCKET,
    ),
  );
}

describe('isPublicPolicy (S3\'s meaning of "public")', () => {
  it('is true for a read, write or list granted to everyone', () => {
    expect(isPublic({})).toBe(true);
    expect(isPublic({ Principal: { AWS: '*' }, Action: 's3:*' })).toBe(true);
    expect(isPublic({ Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` })).toBe(true);
    expect(isPublic({ Principal: undefined, NotPrincipal: { AWS: ALICE } })).toBe(true);
  });

  it('is false for a fixed principal, a Deny, or a condition that pins the caller', () => {
    expect(isPublic({ Principal: { AWS: ALICE } })).toBe(false);
    expect(isPublic({ Effect: 'Deny' })).toBe(false);
    expect(isPublic({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })).toBe(false);
    expect(isPublic({ Condition: { StringEquals: { 'aws:PrincipalAccount': ALICE } } })).toBe(false);
  });

  it('is true when the condition pins nothing', () => {
    expect(isPublic({ Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })).toBe(true);
    expect(isPublic({ Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })).toBe(true);
    expect(isPublic({ Condition: { StringLike: { 'aws:userid': '*' } } })).toBe(true);
    expect(isPublic({ Condition: { StringEquals: { 'aws:Referer': 'https://example.com/' } } })).toBe(true);
  });
});
