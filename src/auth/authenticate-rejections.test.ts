import { describe, expect, it } from 'vitest';
import { authenticate } from './authenticate.js';
import * as ex from './aws-examples.fixture.js';

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
    ['SigV2 header without a signature', 'AWS AKIAIOSFODNN7EXAMPLE', 'InvalidArgument'],
    [
      'SigV2 header with a wrong signature',
      'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=',
      'SignatureDoesNotMatch',
    ],
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

  it('accepts a SigV2 header and verifies it instead of refusing the scheme', async () => {
    // AWS's GET /photos/puppy.jpg example, virtual-hosted on johnsmith.
    const rawHeaders = ex.raw({
      Host: 'johnsmith.s3.amazonaws.com',
      Date: 'Tue, 27 Mar 2007 19:36:42 +0000',
      Authorization: 'AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=',
    });
    const input = {
      ...base,
      rawPath: '/photos/puppy.jpg',
      virtualHostBucket: 'johnsmith',
      now: new Date('2007-03-27T19:40:00Z'),
      rawHeaders,
    };
    await expect(authenticate(input, ex.exampleLookup)).resolves.toMatchObject({
      accessKeyId: ex.EXAMPLE_ACCESS_KEY,
    });
    const wrong = ex.raw({
      Host: 'johnsmith.s3.amazonaws.com',
      Date: 'Tue, 27 Mar 2007 19:36:42 +0000',
      Authorization: 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=',
    });
    await expect(authenticate({ ...input, rawHeaders: wrong }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
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

  it('verifies SigV2 presigned URLs (refusing an expired one) and refuses SigV4a presigned URLs', async () => {
    const rawHeaders = ex.raw({ Host: 'h' });
    const v2 = { ...base, rawQuery: 'AWSAccessKeyId=a&Expires=1&Signature=x', rawHeaders };
    await expect(authenticate(v2, ex.exampleLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'Request has expired',
    });
    const live = { ...v2, rawQuery: 'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=9999999999&Signature=x' };
    await expect(authenticate(live, ex.exampleLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const mixed = { ...v2, rawQuery: 'AWSAccessKeyId=a&Expires=1&Signature=x&X-Amz-Signature=y' };
    await expect(authenticate(mixed, ex.exampleLookup)).rejects.toMatchObject({ code: 'InvalidArgument' });
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
