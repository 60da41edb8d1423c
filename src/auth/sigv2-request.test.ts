import { describe, expect, it } from 'vitest';
import { S3Error } from '../errors.js';
import { authenticate } from './authenticate.js';
import * as ex from './aws-examples.fixture.js';
import { signatureV2 } from './signature-v2.js';

/** SigV2 through authenticate(), with the AWS GET /photos/puppy.jpg example as the accepted request. */
const DATE = 'Tue, 27 Mar 2007 19:36:42 +0000';
const NOW = new Date('2007-03-27T19:36:42Z');
const SIGNATURE = 'bWq2s1WEIj+Ydj0vQ697zp+IXMU=';
const base = {
  method: 'GET',
  rawPath: '/photos/puppy.jpg',
  rawQuery: '',
  now: NOW,
  virtualHostBucket: 'johnsmith',
};
const headers = (extra: Record<string, string> = {}) =>
  ex.raw({ Host: 'johnsmith.s3.amazonaws.com', Date: DATE, ...extra });
const authorization = (signature = SIGNATURE, key = ex.EXAMPLE_ACCESS_KEY) => `AWS ${key}:${signature}`;

describe('SigV2 header authentication', () => {
  it('accepts the AWS example and authenticates its key, with an unsigned payload', async () => {
    const context = await authenticate(
      { ...base, rawHeaders: headers({ Authorization: authorization() }) },
      ex.exampleLookup,
    );
    expect(context).toEqual({
      principal: 'example-user',
      accessKeyId: ex.EXAMPLE_ACCESS_KEY,
      payload: { kind: 'unsigned' },
      signing: null,
      signatureVersion: 'AWS',
    });
  });

  it('keeps a declared x-amz-content-sha256 for the body layer to check', async () => {
    // x-amz-* headers are signed: a different value needs its own signature, computed here the
    // way the examples prove signatureV2 right.
    const hash = 'a'.repeat(64);
    const toSign = `GET\n\n\n${DATE}\nx-amz-content-sha256:${hash}\n/johnsmith/photos/puppy.jpg`;
    const rawHeaders = headers({
      'x-amz-content-sha256': hash,
      Authorization: authorization(signatureV2(ex.EXAMPLE_SECRET, toSign)),
    });
    const context = await authenticate({ ...base, rawHeaders }, ex.exampleLookup);
    expect(context.payload).toEqual({ kind: 'sha256', hex: hash });
  });

  it('refuses a tampered signature with SignatureDoesNotMatch and S3 fields, never the secret', async () => {
    const rawHeaders = headers({ Authorization: authorization('bWq2s1WEIj+Ydj0vQ697zp+IXMu=') });
    const failure = authenticate({ ...base, rawHeaders }, ex.exampleLookup);
    await expect(failure).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
      detail: {
        AWSAccessKeyId: ex.EXAMPLE_ACCESS_KEY,
        StringToSign: `GET\n\n\n${DATE}\n/johnsmith/photos/puppy.jpg`,
        SignatureProvided: 'bWq2s1WEIj+Ydj0vQ697zp+IXMu=',
      },
    });
    const error = await failure.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(S3Error);
    const { message, detail } = error as S3Error;
    expect(JSON.stringify(detail) + message).not.toContain(ex.EXAMPLE_SECRET);
  });

  it.each([
    ['a changed path', { rawPath: '/photos/kitten.jpg' }],
    ['another bucket', { virtualHostBucket: 'janesmith' }],
    ['another method', { method: 'DELETE' }],
    ['a sub-resource added', { rawQuery: 'acl' }],
  ])('refuses the example with %s', async (_name, change) => {
    const rawHeaders = headers({ Authorization: authorization() });
    await expect(authenticate({ ...base, ...change, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it.each([
    ['an added x-amz-meta header', { 'x-amz-meta-a': 'b' }],
    ['an added Content-Type', { 'Content-Type': 'text/plain' }],
    ['an added Content-MD5', { 'Content-MD5': '1B2M2Y8AsgTpgAmY7PhCfg==' }],
  ])('refuses the example with %s', async (_name, extra) => {
    const rawHeaders = headers({ ...extra, Authorization: authorization() });
    await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses an unknown access key with InvalidAccessKeyId', async () => {
    const rawHeaders = headers({ Authorization: authorization(SIGNATURE, 'AKIANOBODY') });
    await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'InvalidAccessKeyId',
      status: 403,
      detail: { AWSAccessKeyId: 'AKIANOBODY' },
    });
  });

  it.each(['AWS', 'AWS AKIAIOSFODNN7EXAMPLE', 'AWS AKIAIOSFODNN7EXAMPLE:', 'AWS :sig'])(
    'refuses the malformed header "%s" with InvalidArgument',
    async (value) => {
      const rawHeaders = headers({ Authorization: value });
      await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
        code: 'InvalidArgument',
        status: 400,
      });
    },
  );

  it('refuses a Date more than 15 minutes off, either way, with RequestTimeTooSkewed', async () => {
    const rawHeaders = headers({ Authorization: authorization() });
    for (const offset of [-15 * 60_000 - 1000, 15 * 60_000 + 1000]) {
      const now = new Date(NOW.getTime() + offset);
      await expect(authenticate({ ...base, now, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
        code: 'RequestTimeTooSkewed',
        status: 403,
      });
    }
    const inside = new Date(NOW.getTime() + 14 * 60_000);
    await expect(authenticate({ ...base, now: inside, rawHeaders }, ex.exampleLookup)).resolves.toMatchObject(
      {
        accessKeyId: ex.EXAMPLE_ACCESS_KEY,
      },
    );
  });

  it('refuses a request without a usable Date or x-amz-date', async () => {
    const rawHeaders = ex.raw({ Host: 'johnsmith.s3.amazonaws.com', Authorization: authorization() });
    await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'AWS authentication requires a valid Date or x-amz-date header',
    });
  });

  it('dates the request by x-amz-date, which empties the Date line and is itself signed', async () => {
    // AWS's DELETE example: x-amz-date given, so the Date line is empty.
    const rawHeaders = ex.raw({
      Host: 's3.amazonaws.com',
      Date: 'Tue, 27 Mar 2007 21:20:27 +0000',
      'x-amz-date': 'Tue, 27 Mar 2007 21:20:26 +0000',
      Authorization: `AWS ${ex.EXAMPLE_ACCESS_KEY}:R4dJ53KECjStyBO5iTBJZ4XVOaI=`,
    });
    const input = {
      method: 'DELETE',
      rawPath: '/johnsmith/photos/puppy.jpg',
      rawQuery: '',
      now: new Date('2007-03-27T21:20:26Z'),
      rawHeaders,
    };
    await expect(authenticate(input, ex.exampleLookup)).resolves.toMatchObject({
      accessKeyId: ex.EXAMPLE_ACCESS_KEY,
    });
    const later = { ...input, now: new Date('2007-03-27T21:40:00Z') };
    await expect(authenticate(later, ex.exampleLookup)).rejects.toMatchObject({
      code: 'RequestTimeTooSkewed',
    });
  });

  it('accepts a path-style bucket request signed as "/bucket" (the rule) or "/bucket/" (botocore)', async () => {
    const input = { method: 'GET', rawPath: '/johnsmith', rawQuery: 'acl', now: NOW };
    for (const resource of ['/johnsmith?acl', '/johnsmith/?acl']) {
      const signature = signatureV2(ex.EXAMPLE_SECRET, `GET\n\n\n${DATE}\n${resource}`);
      const rawHeaders = headers({ Authorization: authorization(signature) });
      await expect(authenticate({ ...input, rawHeaders }, ex.exampleLookup)).resolves.toMatchObject({
        accessKeyId: ex.EXAMPLE_ACCESS_KEY,
      });
    }
    const other = signatureV2(ex.EXAMPLE_SECRET, `GET\n\n\n${DATE}\n/johnsmith/x?acl`);
    const rawHeaders = headers({ Authorization: authorization(other) });
    await expect(authenticate({ ...input, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses a signed streaming payload, which needs a SigV4 seed signature', async () => {
    const rawHeaders = headers({
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      Authorization: authorization(),
    });
    await expect(authenticate({ ...base, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'InvalidRequest',
    });
  });
});

describe('SigV2 query-string authentication', () => {
  const query =
    'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D';
  const presigned = { ...base, rawQuery: query, rawHeaders: ex.raw({ Host: 'johnsmith.s3.amazonaws.com' }) };

  it('accepts the AWS example until its Expires, whatever the Date header says', async () => {
    const now = new Date(1175139620 * 1000 - 1000);
    const context = await authenticate({ ...presigned, now }, ex.exampleLookup);
    expect(context.accessKeyId).toBe(ex.EXAMPLE_ACCESS_KEY);
    expect(context.principal).toBe('example-user');
  });

  it('refuses it after Expires with AccessDenied "Request has expired"', async () => {
    const now = new Date(1175139620 * 1000 + 1000);
    await expect(authenticate({ ...presigned, now }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: 'Request has expired',
    });
  });

  it.each([
    ['a changed Expires', query.replace('1175139620', '1175139621'), 'SignatureDoesNotMatch'],
    ['a tampered Signature', query.replace('NpgC', 'NpgD'), 'SignatureDoesNotMatch'],
    ['an unknown key', query.replace('AKIAIOSFODNN7EXAMPLE', 'AKIANOBODY'), 'InvalidAccessKeyId'],
    ['no Expires', query.replace('Expires=1175139620&', ''), 'AccessDenied'],
    ['a non-numeric Expires', query.replace('1175139620', 'tomorrow'), 'AccessDenied'],
    ['a repeated Signature', `${query}&Signature=x`, 'InvalidArgument'],
  ])('refuses %s', async (_name, rawQuery, code) => {
    const now = new Date(1175139620 * 1000 - 60_000);
    await expect(authenticate({ ...presigned, rawQuery, now }, ex.exampleLookup)).rejects.toMatchObject({
      code,
    });
  });

  it('refuses a presigned URL sent with an Authorization header too', async () => {
    const rawHeaders = headers({ Authorization: authorization() });
    await expect(authenticate({ ...presigned, rawHeaders }, ex.exampleLookup)).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });
});
