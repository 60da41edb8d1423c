import { describe, expect, it } from 'vitest';
import { BUCKET, variable, verdict } from './policy.fixture.js';

/** A policy allowing GetObject to everyone under one condition block. */
function allowIf(condition: Record<string, unknown>) {
  return {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: condition,
    },
  };
}

function allows(condition: Record<string, unknown>, context: Record<string, string> = {}): boolean {
  return verdict(allowIf(condition), { action: 's3:GetObject', key: 'k', context }) === 'Allow';
}

describe('string conditions', () => {
  it('compare exactly, ignoring case only in the IgnoreCase forms', () => {
    expect(allows({ StringEquals: { 'aws:UserAgent': 'curl/8' } }, { 'aws:UserAgent': 'curl/8' })).toBe(true);
    expect(allows({ StringEquals: { 'aws:UserAgent': 'curl/8' } }, { 'aws:UserAgent': 'Curl/8' })).toBe(
      false,
    );
    expect(
      allows({ StringEqualsIgnoreCase: { 'aws:UserAgent': 'curl/8' } }, { 'aws:UserAgent': 'CURL/8' }),
    ).toBe(true);
    expect(allows({ StringEquals: { 'aws:UserAgent': 'curl*' } }, { 'aws:UserAgent': 'curl/8' })).toBe(false);
  });

  it('treat several values as OR, and a negated operator as none of them', () => {
    const values = ['a', 'b'];
    expect(allows({ StringEquals: { 's3:prefix': values } }, { 's3:prefix': 'b' })).toBe(true);
    expect(allows({ StringNotEquals: { 's3:prefix': values } }, { 's3:prefix': 'b' })).toBe(false);
    expect(allows({ StringNotEquals: { 's3:prefix': values } }, { 's3:prefix': 'c' })).toBe(true);
    expect(allows({ StringNotLike: { 's3:prefix': ['x*', 'y?'] } }, { 's3:prefix': 'yz' })).toBe(false);
  });

  it('read condition keys case-insensitively', () => {
    expect(allows({ StringEquals: { 'S3:PREFIX': 'a' } }, { 's3:prefix': 'a' })).toBe(true);
  });

  it('resolve the variables *, ? and $ to literal characters', () => {
    expect(allows({ StringLike: { 's3:prefix': `a${variable('*')}b` } }, { 's3:prefix': 'a*b' })).toBe(true);
    expect(allows({ StringLike: { 's3:prefix': `a${variable('*')}b` } }, { 's3:prefix': 'axxb' })).toBe(
      false,
    );
    expect(
      allows({ StringEquals: { 's3:prefix': `${variable('$')}{x}` } }, { 's3:prefix': variable('x') }),
    ).toBe(true);
  });
});

describe('an absent key', () => {
  it('fails positive operators and passes negated ones', () => {
    expect(allows({ StringEquals: { 'aws:Referer': 'x' } })).toBe(false);
    expect(allows({ StringNotEquals: { 'aws:Referer': 'x' } })).toBe(true);
    expect(allows({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })).toBe(true);
  });

  it('passes the IfExists forms, which still test a present key', () => {
    expect(allows({ StringEqualsIfExists: { 'aws:Referer': 'x' } })).toBe(true);
    expect(allows({ StringEqualsIfExists: { 'aws:Referer': 'x' } }, { 'aws:Referer': 'y' })).toBe(false);
    expect(allows({ NumericLessThanIfExists: { 's3:max-keys': 10 } }, { 's3:max-keys': '11' })).toBe(false);
  });

  it('is what Null tests', () => {
    expect(allows({ Null: { 'aws:Referer': 'true' } })).toBe(true);
    expect(allows({ Null: { 'aws:Referer': 'true' } }, { 'aws:Referer': 'x' })).toBe(false);
    expect(allows({ Null: { 'aws:Referer': false } }, { 'aws:Referer': 'x' })).toBe(true);
  });

  it('passes ForAllValues and fails ForAnyValue', () => {
    expect(allows({ 'ForAllValues:StringEquals': { 's3:RequestObjectTagKeys': ['a'] } })).toBe(true);
    expect(allows({ 'ForAnyValue:StringEquals': { 's3:RequestObjectTagKeys': ['a'] } })).toBe(false);
    expect(allows({ 'ForAnyValue:StringEquals': { 's3:prefix': ['a', 'b'] } }, { 's3:prefix': 'b' })).toBe(
      true,
    );
  });
});

describe('numeric, date, bool and address conditions', () => {
  it('compare numbers (s3:max-keys), numbers given as JSON numbers or strings', () => {
    expect(allows({ NumericLessThanEquals: { 's3:max-keys': 10 } }, { 's3:max-keys': '10' })).toBe(true);
    expect(allows({ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' })).toBe(false);
    expect(allows({ NumericGreaterThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' })).toBe(true);
    expect(allows({ NumericGreaterThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' })).toBe(false);
    expect(allows({ NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' })).toBe(false);
    expect(allows({ NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '7' })).toBe(true);
  });

  it('compare dates in ISO 8601 or epoch seconds (aws:CurrentTime, aws:EpochTime)', () => {
    const now = { 'aws:CurrentTime': '2026-06-15T12:00:00Z' };
    expect(allows({ DateLessThan: { 'aws:CurrentTime': '2026-07-01T00:00:00Z' } }, now)).toBe(true);
    expect(allows({ DateGreaterThan: { 'aws:CurrentTime': '2026-07-01T00:00:00Z' } }, now)).toBe(false);
    expect(allows({ DateGreaterThanEquals: { 'aws:CurrentTime': '1781524800' } }, now)).toBe(true);
    expect(allows({ DateEquals: { 'aws:CurrentTime': '2026-06-15T12:00:00.000Z' } }, now)).toBe(true);
    expect(
      allows(
        { DateLessThanEquals: { 'aws:EpochTime': '2026-01-01T00:00:00Z' } },
        { 'aws:EpochTime': '1767225600' },
      ),
    ).toBe(true);
  });

  it('compare booleans case-insensitively', () => {
    expect(allows({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'true' })).toBe(true);
    expect(allows({ Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': 'false' })).toBe(
      false,
    );
  });

  it('match IPv4 and IPv6 blocks, a single address, and never across families', () => {
    expect(allows({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.255.1.2' })).toBe(
      true,
    );
    expect(allows({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '127.0.0.1' })).toBe(
      false,
    );
    expect(allows({ IpAddress: { 'aws:SourceIp': '127.0.0.1' } }, { 'aws:SourceIp': '127.0.0.1' })).toBe(
      true,
    );
    expect(allows({ IpAddress: { 'aws:SourceIp': '::/0' } }, { 'aws:SourceIp': '127.0.0.1' })).toBe(false);
    expect(allows({ IpAddress: { 'aws:SourceIp': '::1/128' } }, { 'aws:SourceIp': '::1' })).toBe(true);
    expect(allows({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': 'not an ip' })).toBe(
      false,
    );
  });
});

describe('several operators and keys', () => {
  it('must all hold (AND)', () => {
    const both = { StringEquals: { 's3:prefix': 'a' }, NumericLessThan: { 's3:max-keys': 5 } };
    expect(allows(both, { 's3:prefix': 'a', 's3:max-keys': '4' })).toBe(true);
    expect(allows(both, { 's3:prefix': 'a', 's3:max-keys': '5' })).toBe(false);
    expect(allows({ StringEquals: { 's3:prefix': 'a', 's3:delimiter': '/' } }, { 's3:prefix': 'a' })).toBe(
      false,
    );
  });
});
