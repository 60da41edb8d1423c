import { describe, expect, it } from 'vitest';
import { ROOT_ACCOUNT } from '../../accounts/root-account.js';
import { policyContext, type RequestFacts } from './policy-context.js';

const ALICE = 'a'.repeat(64);
const accounts = { accounts: { displayName: async (id: string) => (id === ALICE ? 'alice' : undefined) } };

function request(opts: {
  principal?: string | null;
  signatureVersion?: 'AWS';
  query?: Record<string, string>;
  headers?: Record<string, string>;
  peer?: string;
  tls?: boolean;
}): RequestFacts {
  const socket = { remoteAddress: opts.peer ?? '127.0.0.1', ...(opts.tls ? { encrypted: true } : {}) };
  return {
    headers: opts.headers ?? {},
    target: { query: new Map(Object.entries(opts.query ?? {})) },
    auth: {
      principal: opts.principal === undefined ? null : opts.principal,
      ...(opts.signatureVersion ? { signatureVersion: opts.signatureVersion } : {}),
    },
    raw: { socket },
  };
}

const keys = (m: Map<string, string[]>) => Object.fromEntries([...m].map(([k, v]) => [k, v[0]]));

describe('policyContext', () => {
  it('gives a signed account its id, name, ARN and the way it signed', async () => {
    const ctx = keys(
      await policyContext(
        request({ principal: ALICE, query: { 'X-Amz-Signature': 'x' } }),
        accounts,
        's3:GetObject',
        {},
      ),
    );
    expect(ctx).toMatchObject({
      'aws:userid': ALICE,
      'aws:principalaccount': ALICE,
      'aws:principalarn': `arn:aws:iam::${ALICE}:root`,
      'aws:principaltype': 'Account',
      'aws:username': 'alice',
      's3:authtype': 'REST-QUERY-STRING',
      's3:signatureversion': 'AWS4-HMAC-SHA256',
    });
    const root = keys(
      await policyContext(request({ principal: ROOT_ACCOUNT.id }), accounts, 's3:GetObject', {}),
    );
    expect([root['aws:username'], root['s3:authtype']]).toEqual(['root', 'REST-HEADER']);
  });

  it('names a SigV2 request AWS, so a policy requiring AWS4-HMAC-SHA256 can deny it', async () => {
    const header = keys(
      await policyContext(
        request({ principal: ALICE, signatureVersion: 'AWS' }),
        accounts,
        's3:GetObject',
        {},
      ),
    );
    expect([header['s3:signatureversion'], header['s3:authtype']]).toEqual(['AWS', 'REST-HEADER']);
    const query = { AWSAccessKeyId: 'k', Expires: '1', Signature: 's' };
    const presigned = keys(
      await policyContext(
        request({ principal: ALICE, signatureVersion: 'AWS', query }),
        accounts,
        's3:GetObject',
        {},
      ),
    );
    expect([presigned['s3:signatureversion'], presigned['s3:authtype']]).toEqual([
      'AWS',
      'REST-QUERY-STRING',
    ]);
  });

  it('gives an anonymous caller no identity but its type', async () => {
    const ctx = keys(await policyContext(request({}), accounts, 's3:GetObject', {}));
    expect(ctx['aws:principaltype']).toBe('Anonymous');
    for (const key of ['aws:userid', 'aws:username', 'aws:principalaccount', 's3:authtype']) {
      expect(ctx[key]).toBeUndefined();
    }
  });

  it('reads the peer address (IPv4-mapped as IPv4), TLS from the socket, and the time', async () => {
    const plain = keys(
      await policyContext(request({ peer: '::ffff:10.1.2.3' }), accounts, 's3:GetObject', {}),
    );
    expect([plain['aws:sourceip'], plain['aws:securetransport']]).toEqual(['10.1.2.3', 'false']);
    const tls = keys(
      await policyContext(request({ peer: '2001:db8::1', tls: true }), accounts, 's3:GetObject', {}),
    );
    expect([tls['aws:sourceip'], tls['aws:securetransport']]).toEqual(['2001:db8::1', 'true']);
    const seconds = Number(plain['aws:epochtime']);
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(5);
    expect(Date.parse(plain['aws:currenttime']!) / 1000).toBeCloseTo(seconds, -1);
  });

  it('takes s3:prefix, s3:delimiter and s3:max-keys from listings only', async () => {
    const query = { prefix: 'a/', delimiter: '/', 'max-keys': '5', versionId: 'v1' };
    const list = keys(await policyContext(request({ query }), accounts, 's3:ListBucket', {}));
    expect([list['s3:prefix'], list['s3:delimiter'], list['s3:max-keys']]).toEqual(['a/', '/', '5']);
    const get = keys(await policyContext(request({ query }), accounts, 's3:GetObject', {}));
    expect([get['s3:prefix'], get['s3:versionid']]).toEqual([undefined, 'v1']);
  });

  it('takes headers as s3: keys and lets the action add its own', async () => {
    const headers = { 'x-amz-acl': 'public-read', referer: 'https://example.com/', 'user-agent': 'curl/8' };
    const ctx = keys(
      await policyContext(request({ headers }), accounts, 's3:PutObject', { 's3:prefix': 'p/' }),
    );
    expect(ctx).toMatchObject({
      's3:x-amz-acl': 'public-read',
      'aws:referer': 'https://example.com/',
      'aws:useragent': 'curl/8',
      's3:prefix': 'p/',
    });
    expect(ctx['s3:x-amz-server-side-encryption']).toBeUndefined();
  });

  it('takes the tags of x-amz-tagging as s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys', async () => {
    const headers = { 'x-amz-tagging': 'Project=blue&cost+center=12' };
    const ctx = await policyContext(request({ headers }), accounts, 's3:PutObject', {});
    expect(ctx.get('s3:requestobjecttag/project')).toEqual(['blue']);
    expect(ctx.get('s3:requestobjecttag/cost center')).toEqual(['12']);
    expect(ctx.get('s3:requestobjecttagkeys')).toEqual(['Project', 'cost center']);
    const bad = await policyContext(
      request({ headers: { 'x-amz-tagging': 'a=1&a=2' } }),
      accounts,
      's3:PutObject',
      {},
    );
    expect(bad.has('s3:requestobjecttagkeys')).toBe(false);
    const none = await policyContext(request({}), accounts, 's3:PutObject', {});
    expect([...none.keys()].some((k) => k.startsWith('s3:requestobjecttag'))).toBe(false);
  });
});
