import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import type { AuthContext, PayloadMode } from '../auth/auth-context.js';
import { collect, sourceOf } from './chunked-body.fixture.js';
import { verifiedBody } from './payload-verifier.js';

/** Shared by the payload verifier's tests: check values, a context, and run/failure helpers. */
export const CHECK = Buffer.from('123456789');
/** Check values of "123456789" (CRC catalogue), base64 of the big-endian digest. */
export const CHECK_VALUES = {
  CRC32: 'y/Q5Jg==',
  CRC32C: '4waSgw==',
  CRC64NVME: 'rosUhgp5mIg=',
  SHA1: createHash('sha1').update(CHECK).digest('base64'),
  SHA256: createHash('sha256').update(CHECK).digest('base64'),
} as const;

export function auth(payload: PayloadMode = { kind: 'unsigned' }): AuthContext {
  return { principal: 'p', accessKeyId: 'k', payload, signing: null };
}

export async function run(
  body: Buffer | Buffer[],
  headers: IncomingHttpHeaders,
  context = auth(),
  opts = {},
) {
  const result = verifiedBody(sourceOf(Array.isArray(body) ? body : [body]), headers, context, opts);
  const data = await collect(result.stream);
  return { data, digest: await result.digest };
}

export async function failure(body: Buffer, headers: IncomingHttpHeaders, context = auth(), opts = {}) {
  const result = verifiedBody(sourceOf([body]), headers, context, opts);
  const streamError = await collect(result.stream).then(
    () => new Error('ended without error'),
    (err: unknown) => err,
  );
  await expect(result.digest).rejects.toBe(streamError);
  return streamError;
}
