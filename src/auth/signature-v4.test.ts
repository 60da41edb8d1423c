import { describe, expect, it } from 'vitest';
import { authenticate } from './authenticate.js';
import * as ex from './aws-examples.fixture.js';
import { credentialScope, sha256Hex, signatureHex, signaturesMatch, signingKey } from './signature-v4.js';

interface HeaderExample {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  signedHeaders: string;
  signature: string;
}

function headerAuthInput(example: HeaderExample) {
  return {
    method: example.method,
    rawPath: example.rawPath,
    rawQuery: example.rawQuery,
    rawHeaders: ex.raw({ ...example.headers, Authorization: ex.authorizationFor(example) }),
    now: ex.EXAMPLE_NOW,
  };
}

describe('SigV4 against the examples AWS publishes for S3', () => {
  it('derives the documented signing key chain (scope 20130524/us-east-1/s3)', () => {
    const key = signingKey(ex.EXAMPLE_SECRET, '20130524', 'us-east-1');
    const again = signingKey(ex.EXAMPLE_SECRET, '20130524', 'us-east-1');
    expect(again).toBe(key);
    expect(credentialScope('20130524', 'us-east-1')).toBe(ex.EXAMPLE_SCOPE);
    expect(signingKey(ex.EXAMPLE_SECRET, '20130525', 'us-east-1').equals(key)).toBe(false);
  });

  for (const [name, example] of [
    ['GET Object with Range', ex.GET_OBJECT],
    ['PUT Object with a $ in the key and a Date header', ex.PUT_OBJECT],
    ['GET Bucket Lifecycle (valueless ?lifecycle)', ex.GET_LIFECYCLE],
    ['GET Bucket with max-keys and prefix', ex.LIST_OBJECTS],
  ] as const satisfies readonly (readonly [string, HeaderExample])[]) {
    it(`accepts the "${name}" example`, async () => {
      const context = await authenticate(headerAuthInput(example), ex.exampleLookup);
      expect(context.principal).toBe('example-user');
      expect(context.accessKeyId).toBe(ex.EXAMPLE_ACCESS_KEY);
      expect(context.signing?.seedSignature).toBe(example.signature);
      expect(context.signing?.scope).toBe(ex.EXAMPLE_SCOPE);
    });

    it(`rejects the "${name}" example with one signature digit changed`, async () => {
      const last = example.signature.at(-1) === '0' ? '1' : '0';
      const tampered = { ...example, signature: example.signature.slice(0, -1) + last };
      await expect(authenticate(headerAuthInput(tampered), ex.exampleLookup)).rejects.toMatchObject({
        code: 'SignatureDoesNotMatch',
      });
    });
  }

  it('reads the payload mode of the PUT example as a sha256 to verify', async () => {
    const context = await authenticate(headerAuthInput(ex.PUT_OBJECT), ex.exampleLookup);
    expect(context.payload).toEqual({ kind: 'sha256', hex: sha256Hex(ex.PUT_OBJECT.body) });
  });

  it('accepts the documented presigned GET URL', async () => {
    const e = ex.PRESIGNED_GET;
    const input = {
      method: e.method,
      rawPath: e.rawPath,
      rawQuery: e.rawQuery,
      rawHeaders: ex.raw(e.headers),
    };
    const context = await authenticate({ ...input, now: ex.EXAMPLE_NOW }, ex.exampleLookup);
    expect(context.principal).toBe('example-user');
    expect(context.payload).toEqual({ kind: 'unsigned' });
  });

  it('accepts the seed signature of the streaming PUT example', async () => {
    const e = ex.STREAMING_PUT;
    const authorization = ex.authorizationFor({ signedHeaders: e.signedHeaders, signature: e.seedSignature });
    const rawHeaders = ex.raw({ ...e.headers, Authorization: authorization });
    const input = {
      method: e.method,
      rawPath: e.rawPath,
      rawQuery: e.rawQuery,
      rawHeaders,
      now: ex.EXAMPLE_NOW,
    };
    const context = await authenticate(input, ex.exampleLookup);
    expect(context.payload).toEqual({ kind: 'streaming-signed', trailer: false });
    expect(context.signing?.amzDate).toBe(ex.EXAMPLE_AMZ_DATE);
  });

  it('reproduces the trailer signature of the streaming-trailers example', () => {
    const key = signingKey(ex.EXAMPLE_SECRET, '20130524', 'us-east-1');
    const t = ex.STREAMING_TRAILER;
    const toSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      ex.EXAMPLE_AMZ_DATE,
      ex.EXAMPLE_SCOPE,
      t.finalChunkSignature,
      sha256Hex(t.trailer),
    ].join('\n');
    expect(signatureHex(key, toSign)).toBe(t.trailerSignature);
  });

  it('compares signatures case-insensitively and rejects other lengths without throwing', () => {
    const sig = ex.GET_OBJECT.signature;
    expect(signaturesMatch(sig, sig.toUpperCase())).toBe(true);
    expect(signaturesMatch(sig, sig.slice(1))).toBe(false);
    expect(signaturesMatch(sig, `${sig.slice(1)}0`)).toBe(false);
    expect(signaturesMatch(sig, `${sig}0`)).toBe(false);
    expect(signaturesMatch(sig, '')).toBe(false);
    // 64 characters but more bytes, or a lowercase form longer than the original.
    expect(signaturesMatch(sig, 'é'.repeat(64))).toBe(false);
    expect(signaturesMatch(sig, 'İ'.repeat(64))).toBe(false);
  });
});
