import { describe, expect, it } from 'vitest';
import { S3Error } from '../../errors.js';
import { checkConditions, checkNotExpired, parsePostPolicy } from './post-policy.js';

const encode = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64');
const policyOf = (conditions: unknown[], expiration = '2030-01-01T00:00:00.000Z') =>
  parsePostPolicy(encode({ expiration, conditions }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof S3Error) return `${err.code}: ${err.message}`;
    throw err;
  }
  return undefined;
}

const values = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('POST policy documents', () => {
  it('parses exact, eq, starts-with and content-length-range conditions, names lower-cased', () => {
    const policy = policyOf([
      { bucket: 'photos' },
      ['eq', '$Content-Type', 'image/png'],
      ['starts-with', '$key', 'user/'],
      ['content-length-range', 1, 100],
    ]);
    expect(policy.conditions.map((c) => (c.kind === 'content-length-range' ? c.kind : c.field))).toEqual([
      'bucket',
      'content-type',
      'key',
      'content-length-range',
    ]);
  });

  it('rejects malformed documents as InvalidPolicyDocument', () => {
    const bad = [
      'not base64 json',
      encode([1, 2]),
      encode({ conditions: [] }),
      encode({ expiration: 'tomorrow', conditions: [] }),
      encode({ expiration: '2030-01-01T00:00:00Z' }),
      encode({ expiration: '2030-01-01T00:00:00Z', conditions: [{}] }),
      encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['StArTs-WiTh', '$key', '']] }),
      encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['eq', 'key', 'a']] }),
      encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', 0]] }),
      encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', -1, 10]] }),
      encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', 10, 1]] }),
    ];
    for (const text of bad) expect(codeOf(() => parsePostPolicy(text))).toMatch(/^InvalidPolicyDocument/);
  });

  it('refuses an expired policy', () => {
    const policy = policyOf([], '2020-01-01T00:00:00.000Z');
    expect(codeOf(() => checkNotExpired(policy, new Date()))).toBe(
      'AccessDenied: Invalid according to Policy: Policy expired.',
    );
    expect(codeOf(() => checkNotExpired(policyOf([]), new Date()))).toBeUndefined();
  });

  it('returns the size range when every condition holds and every field is covered', () => {
    const policy = policyOf([
      { bucket: 'photos' },
      ['starts-with', '$key', 'user/'],
      ['content-length-range', 1, 100],
      ['content-length-range', 5, 1000],
    ]);
    const form = values({ bucket: 'photos', key: 'user/a.png' });
    expect(checkConditions(policy, form, ['key', 'policy', 'x-amz-signature', 'x-ignore-me'])).toEqual({
      min: 5,
      max: 100,
    });
  });

  it('denies a failed condition, naming it', () => {
    const policy = policyOf([['starts-with', '$key', 'user/']]);
    expect(codeOf(() => checkConditions(policy, values({ key: 'admin/x' }), ['key']))).toBe(
      'AccessDenied: Invalid according to Policy: Policy Condition failed: ["starts-with","$key","user/"]',
    );
  });

  it('denies a condition on a field the form does not have', () => {
    const policy = policyOf([['eq', '$x-amz-meta-owner', 'alice']]);
    expect(codeOf(() => checkConditions(policy, values({}), []))).toMatch(/Policy Condition failed/);
  });

  it('denies form fields that no condition covers', () => {
    const policy = policyOf([['starts-with', '$key', '']]);
    expect(codeOf(() => checkConditions(policy, values({ key: 'a' }), ['key', 'acl', 'x-amz-meta-a']))).toBe(
      'AccessDenied: Invalid according to Policy: Extra input fields: acl, x-amz-meta-a',
    );
  });

  it('compares values exactly (case-sensitive) and accepts an empty starts-with prefix', () => {
    const policy = policyOf([
      ['eq', '$acl', 'private'],
      ['starts-with', '$content-type', ''],
    ]);
    const ok = values({ acl: 'private', 'content-type': 'anything' });
    expect(checkConditions(policy, ok, ['acl', 'content-type'])).toBeUndefined();
    const upper = values({ acl: 'Private', 'content-type': 'x' });
    expect(codeOf(() => checkConditions(policy, upper, ['acl', 'content-type']))).toMatch(/Condition failed/);
  });
});
