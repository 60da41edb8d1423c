import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { type AuthInput, authenticate } from './authenticate.js';
import { encodeKey, NOW, sdkLookup, sdkRequest, sdkSigner, toInput } from './smithy-signer.fixture.js';

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

  it('accepts a non-ASCII header value that came as UTF-8 bytes or as latin1 bytes', async () => {
    const note = 'café  crème\u00a0à';
    const input = await signed(sdkRequest('PUT', '/bucket/k', { 'x-amz-meta-note': note }));
    // Node hands header bytes over as latin1 characters: this is the value sent as UTF-8 ...
    const utf8 = input.rawHeaders.map((v) => (v === note ? Buffer.from(v, 'utf8').toString('latin1') : v));
    // ... and as it arrives from Node's own client, which writes lone headers as latin1.
    for (const rawHeaders of [utf8, input.rawHeaders]) {
      await expect(authenticate({ ...input, rawHeaders }, sdkLookup)).resolves.toMatchObject({
        principal: 'sdk-user',
      });
    }
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
