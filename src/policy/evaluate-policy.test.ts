import { describe, expect, it } from 'vitest';
import { ALICE, BOB, BUCKET, variable, verdict } from './policy.fixture.js';

const USER = variable('aws:username');

/**
 * The bucket policy examples of the S3 user guide
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html), as
 * published (bucket renamed), each probed with requests it must allow, deny or leave to the ACLs.
 */
describe('AWS example: granting read-only permission to a public anonymous user', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: [`arn:aws:s3:::${BUCKET}/*`],
      },
    ],
  };

  it('allows anyone, anonymous included, to read any object', () => {
    expect(verdict(policy, { action: 's3:GetObject', key: 'index.html' })).toBe('Allow');
    expect(verdict(policy, { principal: BOB, action: 's3:GetObjectVersion', key: 'a/b/c' })).toBe('Allow');
  });

  it('says nothing about writing, listing or the bucket itself', () => {
    expect(verdict(policy, { action: 's3:PutObject', key: 'index.html' })).toBe('None');
    expect(verdict(policy, { action: 's3:ListBucket' })).toBe('None');
    expect(verdict(policy, { action: 's3:GetObjectAcl', key: 'index.html' })).toBe('None');
  });
});

describe('AWS example: restricting access to specific IP addresses (IPv4 and IPv6)', () => {
  const policy = {
    Id: 'SourceIP',
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SourceIP',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: {
          NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24', '2001:DB8:1234:5678::/64'] },
        },
      },
    ],
  };

  it('denies every action from any other address', () => {
    for (const ip of ['198.51.100.7', '192.0.3.1', '2001:db8:1234:5679::1', '127.0.0.1']) {
      expect(
        verdict(policy, {
          principal: ALICE,
          action: 's3:GetObject',
          key: 'k',
          context: { 'aws:SourceIp': ip },
        }),
      ).toBe('Deny');
    }
    expect(verdict(policy, { action: 's3:ListBucket', context: { 'aws:SourceIp': '10.0.0.1' } })).toBe(
      'Deny',
    );
  });

  it('leaves the listed blocks to the ACLs, IPv4-mapped addresses and IPv6 case included', () => {
    for (const ip of ['192.0.2.1', '203.0.113.254', '::ffff:192.0.2.9', '2001:db8:1234:5678:abcd::1']) {
      expect(verdict(policy, { action: 's3:GetObject', key: 'k', context: { 'aws:SourceIp': ip } })).toBe(
        'None',
      );
    }
  });
});

describe('AWS example: allowing IPv4 and IPv6 with exceptions (IpAddress and NotIpAddress together)', () => {
  const policy = {
    Id: 'PolicyId2',
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowIPmix',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: {
          IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:DB8:1234:5678::/64'] },
          NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678:ABCD::/80'] },
        },
      },
    ],
  };

  it('allows inside the blocks and not inside the exception', () => {
    const at = (ip: string) =>
      verdict(policy, { action: 's3:PutObject', key: 'k', context: { 'aws:SourceIp': ip } });
    expect(at('192.0.2.10')).toBe('Allow');
    expect(at('2001:db8:1234:5678::1')).toBe('Allow');
    expect(at('2001:db8:1234:5678:abcd::1')).toBe('None');
    expect(at('198.51.100.1')).toBe('None');
  });
});

describe('AWS example: enforcing encryption in transit (aws:SecureTransport)', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RestrictToTLSRequestsOnly',
        Action: 's3:*',
        Effect: 'Deny',
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Principal: '*',
      },
    ],
  };

  it('denies plain HTTP and leaves TLS to the ACLs', () => {
    const over = (secure: string) =>
      verdict(policy, {
        principal: ALICE,
        action: 's3:GetObject',
        key: 'k',
        context: { 'aws:SecureTransport': secure },
      });
    expect(over('false')).toBe('Deny');
    expect(over('true')).toBe('None');
  });
});

describe('AWS example: restricting access to a specific HTTP referer', () => {
  const policy = {
    Version: '2012-10-17',
    Id: 'HTTP referer policy example',
    Statement: [
      {
        Sid: 'Allow only GET requests originating from www.example.com and example.com.',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { StringLike: { 'aws:Referer': ['http://www.example.com/*', 'http://example.com/*'] } },
      },
    ],
  };

  it('allows pages of those sites only (StringLike, case-sensitive)', () => {
    const from = (referer?: string) =>
      verdict(policy, {
        action: 's3:GetObject',
        key: 'img.png',
        context: referer ? { 'aws:Referer': referer } : {},
      });
    expect(from('http://www.example.com/page.html')).toBe('Allow');
    expect(from('http://example.com/')).toBe('Allow');
    expect(from('http://EXAMPLE.com/')).toBe('None');
    expect(from('http://evil.example.org/http://example.com/')).toBe('None');
    expect(from()).toBe('None');
  });
});

describe('AWS example: a home folder per user (policy variables, s3:prefix)', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowListingOfUserFolder',
        Effect: 'Allow',
        Principal: { AWS: [ALICE, `arn:aws:iam::${BOB}:root`] },
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringLike: { 's3:prefix': [`home/${USER}/*`, `home/${USER}`] } },
      },
      {
        Sid: 'AllowAllS3ActionsInUserFolder',
        Effect: 'Allow',
        Principal: { AWS: [ALICE, `arn:aws:iam::${BOB}:root`] },
        Action: 's3:*',
        Resource: `arn:aws:s3:::${BUCKET}/home/${USER}/*`,
      },
    ],
  };

  it('allows each account its own folder only', () => {
    const alice = { 'aws:username': 'alice' };
    expect(
      verdict(policy, {
        principal: ALICE,
        action: 's3:ListBucket',
        context: { ...alice, 's3:prefix': 'home/alice/docs' },
      }),
    ).toBe('Allow');
    expect(
      verdict(policy, {
        principal: ALICE,
        action: 's3:ListBucket',
        context: { ...alice, 's3:prefix': 'home/bob/' },
      }),
    ).toBe('None');
    expect(verdict(policy, { principal: ALICE, action: 's3:ListBucket', context: alice })).toBe('None');
    expect(
      verdict(policy, { principal: ALICE, action: 's3:PutObject', key: 'home/alice/x', context: alice }),
    ).toBe('Allow');
    expect(
      verdict(policy, {
        principal: BOB,
        action: 's3:PutObject',
        key: 'home/alice/x',
        context: { 'aws:username': 'bob' },
      }),
    ).toBe('None');
  });

  it('never matches a variable whose key the request lacks, nor another principal', () => {
    expect(verdict(policy, { principal: ALICE, action: 's3:PutObject', key: 'home//x' })).toBe('None');
    expect(
      verdict(policy, { action: 's3:PutObject', key: 'home/alice/x', context: { 'aws:username': 'alice' } }),
    ).toBe('None');
  });
});

describe('AWS example: requiring the bucket-owner-full-control canned ACL', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PolicyForAllowUploadWithACL',
        Effect: 'Allow',
        Principal: { AWS: BOB },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ],
  };

  it('allows the upload only with that header', () => {
    expect(
      verdict(policy, {
        principal: BOB,
        action: 's3:PutObject',
        key: 'k',
        context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      }),
    ).toBe('Allow');
    expect(
      verdict(policy, {
        principal: BOB,
        action: 's3:PutObject',
        key: 'k',
        context: { 's3:x-amz-acl': 'public-read' },
      }),
    ).toBe('None');
    expect(verdict(policy, { principal: BOB, action: 's3:PutObject', key: 'k' })).toBe('None');
  });
});

describe('AWS example: denying uploads without server-side encryption (Null and StringNotEquals)', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyIncorrectEncryptionHeader',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
      },
      {
        Sid: 'DenyUnEncryptedObjectUploads',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { Null: { 's3:x-amz-server-side-encryption': true } },
      },
    ],
  };

  it('denies a missing or different header and leaves AES256 to the ACLs', () => {
    const sse = (value?: string) =>
      verdict(policy, {
        principal: ALICE,
        action: 's3:PutObject',
        key: 'k',
        context: value ? { 's3:x-amz-server-side-encryption': value } : {},
      });
    expect(sse()).toBe('Deny');
    expect(sse('aws:kms')).toBe('Deny');
    expect(sse('AES256')).toBe('None');
  });
});

describe('explicit Deny and NotPrincipal / NotAction / NotResource', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:Get*', Resource: `arn:aws:s3:::${BUCKET}/*` },
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/secret/*` },
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: ALICE },
        NotAction: ['s3:Get*', 's3:List*'],
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      },
      {
        Effect: 'Deny',
        Principal: { AWS: BOB },
        Action: 's3:GetObject',
        NotResource: `arn:aws:s3:::${BUCKET}/bob/*`,
      },
    ],
  };

  it('lets a Deny win over an Allow of the same request', () => {
    expect(verdict(policy, { action: 's3:GetObject', key: 'public/x' })).toBe('Allow');
    expect(verdict(policy, { action: 's3:GetObject', key: 'secret/x' })).toBe('Deny');
    expect(verdict(policy, { action: 's3:GetObjectAcl', key: 'secret/x' })).toBe('Allow');
  });

  it('reads the Not forms as "everything but"', () => {
    expect(verdict(policy, { principal: BOB, action: 's3:PutObject', key: 'x' })).toBe('Deny');
    expect(verdict(policy, { action: 's3:DeleteObject', key: 'x' })).toBe('Deny');
    expect(verdict(policy, { principal: ALICE, action: 's3:PutObject', key: 'x' })).toBe('None');
    expect(verdict(policy, { principal: BOB, action: 's3:GetObject', key: 'bob/x' })).toBe('Allow');
    expect(verdict(policy, { principal: BOB, action: 's3:GetObject', key: 'alice/x' })).toBe('Deny');
  });

  it('matches action names case-insensitively and resources case-sensitively', () => {
    const p = {
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'S3:getobject',
        Resource: `arn:aws:s3:::${BUCKET}/Docs/?.txt`,
      },
    };
    expect(verdict(p, { action: 's3:GetObject', key: 'Docs/a.txt' })).toBe('Allow');
    expect(verdict(p, { action: 's3:GetObject', key: 'docs/a.txt' })).toBe('None');
    expect(verdict(p, { action: 's3:GetObject', key: 'Docs/ab.txt' })).toBe('None');
  });

  it('takes policy variables literally in a 2008-10-17 policy', () => {
    const p = (version?: string) => ({
      ...(version ? { Version: version } : {}),
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/${USER}/*`,
      },
    });
    const probe = { action: 's3:GetObject', key: 'carol/x', context: { 'aws:username': 'carol' } } as const;
    expect(verdict(p('2012-10-17'), probe)).toBe('Allow');
    expect(verdict(p(), probe)).toBe('None');
    expect(verdict(p(), { ...probe, key: `${USER}/x` })).toBe('Allow');
  });
});
