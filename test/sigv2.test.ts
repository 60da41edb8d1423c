import { createHmac } from 'node:crypto';
import path from 'node:path';
import { GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './support/constants.js';
import { runPython } from './support/python.js';
import { sendRaw } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

/**
 * SigV2 (Authorization: AWS key:signature, AWSAccessKeyId/Expires/Signature URLs, v2 POST policies)
 * from boto3 with signature_version='s3', and hand-signed raw requests that must fail.
 */

// A domain, so virtual-hosted requests (Host: <bucket>.s3.oks3.test) are tried too.
const server = useServer({ OKS3_DOMAIN: 's3.oks3.test' });
const bucket = useBucket(server, 'sigv2');
beforeAll(async () => {
  await server.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'signed.txt', Body: 'signed', Metadata: { colour: 'red' } }),
  );
});

describe('boto3 with signature_version="s3"', () => {
  it('puts, gets, lists, uploads by multipart, presigns, posts and deletes', async () => {
    const script = path.resolve('test/support/sigv2_boto3.py');
    const { stdout } = await runPython([script, bucket], server.endpoint);
    expect(stdout.trim().split('\n')).toEqual([
      "head: 8 text/plain {'colour': 'blue'}",
      'get: hello v2',
      'odd key: odd',
      "list: ['dir/a b+c ü.txt', 'dir/hello.txt']",
      'list v2: 2',
      'parts: [1, 2]',
      'multipart: 5242898 True',
      'presigned get: True 200 hello v2',
      'presigned override: 200 attachment; filename=x.txt',
      'presigned override changed: 403 True',
      'presigned put other type: 403 True',
      'presigned put: 200 put by url',
      "post fields: ['AWSAccessKeyId', 'policy', 'signature']",
      'post: 204 form body',
      'post tampered: 403 True',
      'post too large: 400 True',
      'deleted: 404 404',
      'batch deleted: []',
      'wrong secret: 403 SignatureDoesNotMatch',
    ]);
  });
});

/**
 * A SigV2 header signed here from the AWS documentation's rules with node:crypto only, so the
 * tests never trust the server's own signing code. Only the x-amz-* headers given are signed.
 */
function signV2(
  method: string,
  resource: string,
  headers: Record<string, string>,
  secret = TEST_SECRET_KEY,
): string {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const amz = Object.keys(lower)
    .filter((name) => name.startsWith('x-amz-'))
    .sort()
    .map((name) => `${name}:${lower[name]!.trim()}\n`)
    .join('');
  const dateLine = lower['x-amz-date'] === undefined ? (lower.date ?? '') : '';
  const toSign = `${method}\n${lower['content-md5'] ?? ''}\n${lower['content-type'] ?? ''}\n${dateLine}\n${amz}${resource}`;
  return createHmac('sha1', secret).update(toSign, 'utf8').digest('base64');
}

const messageOf = (text: string) => /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
const fieldOf = (text: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];

describe('raw SigV2 requests', () => {
  const object = () => `/${bucket}/signed.txt`;
  const get = (headers: Record<string, string>) =>
    sendRaw(server.port, { method: 'GET', path: object(), headers });
  const signedGet = (extra: Record<string, string> = {}, date = new Date()) => {
    const headers = { date: date.toUTCString(), ...extra };
    return { ...headers, authorization: `AWS ${TEST_ACCESS_KEY}:${signV2('GET', object(), headers)}` };
  };

  it('serves a correctly signed GET', async () => {
    const res = await get(signedGet());
    expect([res.status, res.text]).toEqual([200, 'signed']);
  });

  it('signs a virtual-hosted request as /bucket/key and refuses it signed as the bare path', async () => {
    const headers = { date: new Date().toUTCString(), host: `${bucket}.s3.oks3.test` };
    const send = (resource: string) =>
      sendRaw(server.port, {
        method: 'GET',
        path: '/signed.txt',
        headers: { ...headers, authorization: `AWS ${TEST_ACCESS_KEY}:${signV2('GET', resource, headers)}` },
      });
    const res = await send(`/${bucket}/signed.txt`);
    expect([res.status, res.text]).toEqual([200, 'signed']);
    const bare = await send('/signed.txt');
    expect([bare.status, bare.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuses a tampered signature with 403 SignatureDoesNotMatch and the string it expected', async () => {
    const headers = signedGet();
    const tampered = headers.authorization.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`);
    const res = await get({ ...headers, authorization: tampered });
    expect([res.status, res.code]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(fieldOf(res.text, 'StringToSign')).toBe(`GET\n\n\n${headers.date}\n${object()}`);
    expect(fieldOf(res.text, 'AWSAccessKeyId')).toBe(TEST_ACCESS_KEY);
    expect(res.text).not.toContain(TEST_SECRET_KEY);
  });

  it('refuses a signed x-amz-meta header whose value was changed on the way', async () => {
    const headers = signedGet({ 'x-amz-meta-note': 'signed value' });
    const res = await get({ ...headers, 'x-amz-meta-note': 'changed value' });
    expect([res.status, res.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuses an x-amz-* header added after signing', async () => {
    const res = await get({ ...signedGet(), 'x-amz-meta-added': 'x' });
    expect([res.status, res.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuses a Date 16 minutes off the server clock with 403 RequestTimeTooSkewed', async () => {
    for (const offset of [-16 * 60_000, 16 * 60_000]) {
      const res = await get(signedGet({}, new Date(Date.now() + offset)));
      expect([res.status, res.code]).toEqual([403, 'RequestTimeTooSkewed']);
    }
  });

  it('refuses an unknown access key with 403 InvalidAccessKeyId', async () => {
    const headers = signedGet();
    const res = await get({
      ...headers,
      authorization: headers.authorization.replace(TEST_ACCESS_KEY, 'NOSUCHKEY'),
    });
    expect([res.status, res.code]).toEqual([403, 'InvalidAccessKeyId']);
  });

  it('refuses a signature made with the wrong secret', async () => {
    const headers = { date: new Date().toUTCString() };
    const authorization = `AWS ${TEST_ACCESS_KEY}:${signV2('GET', object(), headers, 'wrong-secret')}`;
    const res = await get({ ...headers, authorization });
    expect([res.status, res.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuses a malformed header with 400 InvalidArgument', async () => {
    const res = await get({ date: new Date().toUTCString(), authorization: `AWS ${TEST_ACCESS_KEY}` });
    expect([res.status, res.code]).toEqual([400, 'InvalidArgument']);
  });

  it('checks Content-MD5, which SigV2 signs but the body layer verifies', async () => {
    const path = `/${bucket}/md5.txt`;
    const headers = {
      date: new Date().toUTCString(),
      'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==', // the MD5 of an empty body, not of "body"
      'content-type': 'text/plain',
    };
    const authorization = `AWS ${TEST_ACCESS_KEY}:${signV2('PUT', path, headers)}`;
    const res = await sendRaw(server.port, {
      method: 'PUT',
      path,
      headers: { ...headers, authorization },
      body: 'body',
    });
    expect([res.status, res.code]).toEqual([400, 'BadDigest']);
  });

  it('refuses an expired presigned URL with 403 AccessDenied "Request has expired"', async () => {
    const expires = String(Math.floor(Date.now() / 1000) - 60);
    const signature = signV2('GET', object(), { date: expires });
    const rawQuery = new URLSearchParams({
      AWSAccessKeyId: TEST_ACCESS_KEY,
      Expires: expires,
      Signature: signature,
    });
    const res = await sendRaw(server.port, { method: 'GET', path: object(), rawQuery: rawQuery.toString() });
    expect([res.status, res.code, messageOf(res.text)]).toEqual([403, 'AccessDenied', 'Request has expired']);
    const live = String(Math.floor(Date.now() / 1000) + 60);
    const ok = new URLSearchParams({
      AWSAccessKeyId: TEST_ACCESS_KEY,
      Expires: live,
      Signature: signV2('GET', object(), { date: live }),
    });
    const served = await sendRaw(server.port, { method: 'GET', path: object(), rawQuery: ok.toString() });
    expect([served.status, served.text]).toEqual([200, 'signed']);
  });

  it('is named AWS in s3:signatureversion, so a policy requiring SigV4 denies it', async () => {
    const locked = await server.bucket('sigv2-locked');
    await server.s3.send(new PutObjectCommand({ Bucket: locked, Key: 'k', Body: 'v4 only' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${locked}/*`,
          Condition: { StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } },
        },
      ],
    };
    await server.s3.send(new PutBucketPolicyCommand({ Bucket: locked, Policy: JSON.stringify(policy) }));
    const headers = { date: new Date().toUTCString() };
    const authorization = `AWS ${TEST_ACCESS_KEY}:${signV2('GET', `/${locked}/k`, headers)}`;
    const res = await sendRaw(server.port, {
      method: 'GET',
      path: `/${locked}/k`,
      headers: { ...headers, authorization },
    });
    expect([res.status, res.code]).toEqual([403, 'AccessDenied']);
    const v4 = await server.s3.send(new GetObjectCommand({ Bucket: locked, Key: 'k' }));
    expect(await v4.Body?.transformToString()).toBe('v4 only');
  });

  it('is refused by the admin API, whose JSON bodies only a SigV4 payload hash covers', async () => {
    const headers = { date: new Date().toUTCString() };
    const authorization = `AWS ${TEST_ACCESS_KEY}:${signV2('GET', '/_ok/admin/accounts', headers)}`;
    const res = await sendRaw(server.port, {
      method: 'GET',
      path: '/_ok/admin/accounts',
      headers: { ...headers, authorization },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({
      error: { code: 'InvalidRequest', message: 'The admin API requires AWS4-HMAC-SHA256 signatures.' },
    });
  });

  it('stays anonymous without credentials', async () => {
    const res = await get({});
    expect([res.status, res.code]).toEqual([403, 'AccessDenied']);
  });
});
