import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { type AuthInput, authenticate } from './authenticate.js';
import * as ex from './aws-examples.fixture.js';
import {
  encodeKey,
  sdkLookup,
  sdkRequest,
  sdkSigner,
  toRawHeaders,
  toRawQuery,
} from './smithy-signer.fixture.js';

const NOW = new Date('2026-03-01T12:00:00Z');

function toInput(request: HttpRequest, now = NOW): AuthInput {
  return {
    method: request.method,
    rawPath: request.path,
    rawQuery: toRawQuery(request.query),
    rawHeaders: toRawHeaders(request.headers),
    now,
  };
}

async function signed(request: HttpRequest, region?: string): Promise<AuthInput> {
  return toInput(await sdkSigner(region).sign(request, { signingDate: NOW }));
}

const ODD_KEYS = [
  'a//b',
  'dir/',
  'a%2Fb',
  'ünïcødé/€/日本',
  'with space',
  'a+b',
  "it's (1)!*",
  '~.-_',
  '%',
  '.././x',
];

describe('authenticate: requests signed by the AWS SDK signer', () => {
  for (const key of ODD_KEYS) {
    it(`accepts a PUT of key ${JSON.stringify(key)}`, async () => {
      const input = await signed(sdkRequest('PUT', `/bucket/${encodeKey(key)}`, {}, { 'x-id': 'PutObject' }));
      const context = await authenticate(input, sdkLookup);
      expect(context.principal).toBe('sdk-user');
      expect(context.payload).toEqual({ kind: 'unsigned' });
    });
  }

  it('accepts odd query values, repeated and valueless parameters', async () => {
    // The S3 client models valueless parameters such as ?uploads as '' (smithy drops null ones).
    const query = {
      prefix: 'a b+c/ü',
      delimiter: '/',
      uploads: '',
      tag: ['z', 'a b'],
      'list-type': '2',
      'encoding-type': 'url',
    };
    const context = await authenticate(await signed(sdkRequest('GET', '/bucket', {}, query)), sdkLookup);
    expect(context.accessKeyId).toBe('OKS3TESTKEY');
  });

  it('accepts any region and signs with the region of the scope', async () => {
    const context = await authenticate(await signed(sdkRequest('GET', '/bucket'), 'moon-1'), sdkLookup);
    expect(context.signing?.scope).toBe('20260301/moon-1/s3/aws4_request');
  });

  it('rejects a request whose path was changed after signing', async () => {
    const input = await signed(sdkRequest('GET', '/bucket/a//b'));
    await expect(authenticate({ ...input, rawPath: '/bucket/a/b' }, sdkLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('rejects a request whose signed header value was changed', async () => {
    const input = await signed(sdkRequest('PUT', '/bucket/k', { 'x-amz-meta-a': '1' }));
    const rawHeaders = input.rawHeaders.map((v) => (v === '1' ? '2' : v));
    await expect(authenticate({ ...input, rawHeaders }, sdkLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('answers InvalidAccessKeyId for an unknown key', async () => {
    const input = await signed(sdkRequest('GET', '/bucket'));
    await expect(authenticate(input, async () => undefined)).rejects.toMatchObject({
      code: 'InvalidAccessKeyId',
    });
  });

  it('answers RequestTimeTooSkewed when the clock is more than 15 minutes off', async () => {
    const input = await signed(sdkRequest('GET', '/bucket'));
    const late = new Date(NOW.getTime() + 16 * 60_000);
    await expect(authenticate({ ...input, now: late }, sdkLookup)).rejects.toMatchObject({
      code: 'RequestTimeTooSkewed',
    });
    const fine = new Date(NOW.getTime() + 14 * 60_000);
    await expect(authenticate({ ...input, now: fine }, sdkLookup)).resolves.toMatchObject({
      principal: 'sdk-user',
    });
  });

  it('reads the streaming payload modes from x-amz-content-sha256, not Content-Encoding', async () => {
    for (const [value, kind] of [
      ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', { kind: 'streaming-unsigned-trailer' }],
      ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', { kind: 'streaming-signed', trailer: true }],
    ] as const) {
      const input = await signed(sdkRequest('PUT', '/bucket/k', { 'x-amz-content-sha256': value }));
      expect((await authenticate(input, sdkLookup)).payload).toEqual(kind);
    }
  });
});

describe('authenticate: presigned URLs from the AWS SDK signer', () => {
  async function presigned(expiresIn: number, signedAt = NOW): Promise<AuthInput> {
    const request = sdkRequest(
      'GET',
      `/bucket/${encodeKey('a b/ü')}`,
      {},
      { 'response-content-type': 'text/plain' },
    );
    // Like @aws-sdk/s3-request-presigner: an X-Amz-Content-Sha256 header, hoisted into the query.
    delete request.headers['x-amz-content-sha256'];
    request.headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    return toInput(await sdkSigner().presign(request, { expiresIn, signingDate: signedAt }));
  }

  it('accepts a URL inside its validity window', async () => {
    const input = await presigned(3600);
    const context = await authenticate({ ...input, now: new Date(NOW.getTime() + 3599_000) }, sdkLookup);
    expect(context.principal).toBe('sdk-user');
    expect(context.payload).toEqual({ kind: 'unsigned' });
    expect(input.rawQuery).toContain('X-Amz-Content-Sha256=UNSIGNED-PAYLOAD');
  });

  it('answers AccessDenied "Request has expired" after X-Amz-Expires', async () => {
    const input = await presigned(60);
    await expect(
      authenticate({ ...input, now: new Date(NOW.getTime() + 61_000) }, sdkLookup),
    ).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  it('answers AccessDenied "Request is not valid yet" for a URL dated over 15 minutes ahead', async () => {
    const input = await presigned(60, new Date(NOW.getTime() + 16 * 60_000));
    await expect(authenticate(input, sdkLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'Request is not valid yet',
    });
  });

  it('accepts the 7-day maximum and refuses anything longer or zero', async () => {
    await expect(authenticate(await presigned(604_800), sdkLookup)).resolves.toMatchObject({
      principal: 'sdk-user',
    });
    const tooLong = await presigned(604_800);
    const rawQuery = tooLong.rawQuery.replace('X-Amz-Expires=604800', 'X-Amz-Expires=604801');
    await expect(authenticate({ ...tooLong, rawQuery }, sdkLookup)).rejects.toMatchObject({
      code: 'AuthorizationQueryParametersError',
    });
    const zero = tooLong.rawQuery.replace('X-Amz-Expires=604800', 'X-Amz-Expires=0');
    await expect(authenticate({ ...tooLong, rawQuery: zero }, sdkLookup)).rejects.toMatchObject({
      code: 'AuthorizationQueryParametersError',
    });
  });

  it('rejects a URL whose query was changed after signing', async () => {
    const input = await presigned(3600);
    const rawQuery = input.rawQuery.replace('text%2Fplain', 'text%2Fhtml');
    await expect(authenticate({ ...input, rawQuery }, sdkLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('answers AuthorizationQueryParametersError when a parameter is missing', async () => {
    const input = await presigned(3600);
    const rawQuery = input.rawQuery.replace(/X-Amz-SignedHeaders=[^&]*&?/, '');
    await expect(authenticate({ ...input, rawQuery }, sdkLookup)).rejects.toMatchObject({
      code: 'AuthorizationQueryParametersError',
    });
  });
});

describe('authenticate: malformed and unsupported requests', () => {
  const base = { method: 'GET', rawPath: '/b', rawQuery: '', now: ex.EXAMPLE_NOW };
  const headers = (extra: Record<string, string>) =>
    ex.raw({
      Host: 'h',
      'x-amz-date': ex.EXAMPLE_AMZ_DATE,
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      ...extra,
    });
  const sig = 'a'.repeat(64);
  const auth = (credential: string, signedHeaders = 'host;x-amz-date') =>
    `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${sig}`;

  it.each([
    ['SigV2 header', 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=', 'InvalidRequest'],
    ['SigV4a header', 'AWS4-ECDSA-P256-SHA256 Credential=x', 'NotImplemented'],
    ['unknown scheme', 'Bearer token', 'InvalidArgument'],
    [
      'missing Signature',
      `AWS4-HMAC-SHA256 Credential=${ex.EXAMPLE_CREDENTIAL}, SignedHeaders=host`,
      'AuthorizationHeaderMalformed',
    ],
    ['host not signed', auth(ex.EXAMPLE_CREDENTIAL, 'x-amz-date'), 'AuthorizationHeaderMalformed'],
    [
      'wrong service',
      auth(`${ex.EXAMPLE_ACCESS_KEY}/20130524/us-east-1/ec2/aws4_request`),
      'AuthorizationHeaderMalformed',
    ],
    [
      'wrong terminator',
      auth(`${ex.EXAMPLE_ACCESS_KEY}/20130524/us-east-1/s3/aws4`),
      'AuthorizationHeaderMalformed',
    ],
    [
      'scope date differs from X-Amz-Date',
      auth(`${ex.EXAMPLE_ACCESS_KEY}/20130523/us-east-1/s3/aws4_request`),
      'AuthorizationHeaderMalformed',
    ],
    ['garbage credential', auth('garbage'), 'AuthorizationHeaderMalformed'],
    ['bad signature', auth(ex.EXAMPLE_CREDENTIAL), 'SignatureDoesNotMatch'],
  ])('%s -> %s', async (_name, authorization, code) => {
    const rawHeaders = headers({ Authorization: authorization });
    await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({ code });
  });

  it('gives the SigV2 rejection the message s3cmd recognises', async () => {
    const rawHeaders = headers({ Authorization: 'AWS ak:sig' });
    await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    });
  });

  it('requires x-amz-content-sha256 for header auth and validates its value', async () => {
    const missing = ex.raw({
      Host: 'h',
      'x-amz-date': ex.EXAMPLE_AMZ_DATE,
      Authorization: auth(ex.EXAMPLE_CREDENTIAL),
    });
    await expect(authenticate({ ...base, rawHeaders: missing }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'MissingSecurityHeader',
    });
    for (const [value, code] of [
      ['nonsense', 'InvalidArgument'],
      ['STREAMING-UNSIGNED-PAYLOAD', 'InvalidRequest'],
      ['STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD', 'NotImplemented'],
    ]) {
      const rawHeaders = headers({
        Authorization: auth(ex.EXAMPLE_CREDENTIAL),
        'x-amz-content-sha256': value!,
      });
      await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({ code });
    }
  });

  it('refuses header auth without a usable date', async () => {
    const rawHeaders = ex.raw({
      Host: 'h',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      Authorization: auth(ex.EXAMPLE_CREDENTIAL),
    });
    await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    const badDate = headers({ Authorization: auth(ex.EXAMPLE_CREDENTIAL), 'x-amz-date': '20130230T000000Z' });
    await expect(authenticate({ ...base, rawHeaders: badDate }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
    });
  });

  it('refuses a request carrying both an Authorization header and presigned parameters', async () => {
    const rawHeaders = headers({ Authorization: auth(ex.EXAMPLE_CREDENTIAL) });
    const input = { ...base, rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256', rawHeaders };
    await expect(authenticate(input, ex.exampleLookup)).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('refuses SigV2 presigned URLs and SigV4a presigned URLs', async () => {
    const rawHeaders = ex.raw({ Host: 'h' });
    const v2 = { ...base, rawQuery: 'AWSAccessKeyId=a&Expires=1&Signature=x', rawHeaders };
    await expect(authenticate(v2, ex.exampleLookup)).rejects.toMatchObject({ code: 'InvalidRequest' });
    const v4a = { ...base, rawQuery: 'X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256', rawHeaders };
    await expect(authenticate(v4a, ex.exampleLookup)).rejects.toMatchObject({ code: 'NotImplemented' });
  });

  it('treats a request without credentials as anonymous and keeps its declared payload', async () => {
    const plain = await authenticate({ ...base, rawHeaders: ex.raw({ Host: 'h' }) }, ex.exampleLookup);
    expect(plain).toEqual({
      principal: null,
      accessKeyId: null,
      payload: { kind: 'unsigned' },
      signing: null,
    });
    const framed = ex.raw({ Host: 'h', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' });
    const context = await authenticate({ ...base, rawHeaders: framed }, ex.exampleLookup);
    expect(context.payload).toEqual({ kind: 'streaming-unsigned-trailer' });
    const signedStream = ex.raw({ Host: 'h', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    await expect(authenticate({ ...base, rawHeaders: signedStream }, ex.exampleLookup)).rejects.toMatchObject(
      {
        code: 'AccessDenied',
      },
    );
  });

  it('never crashes on a broken percent escape', async () => {
    const input = { ...base, rawQuery: 'a=%G0', rawHeaders: ex.raw({ Host: 'h' }) };
    await expect(authenticate(input, ex.exampleLookup)).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
