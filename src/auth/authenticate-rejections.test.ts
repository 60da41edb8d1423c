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
    await expect(authenticate(v2, ex.exampleLookup)).rejects.toMatchObject({
      code: 'InvalidRequest',
      message:
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256. ' +
        'awscli v1 presigns with SigV2 by default; run `aws configure set default.s3.signature_version s3v4`.',
    });
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
