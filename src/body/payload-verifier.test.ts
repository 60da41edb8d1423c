import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collect, sourceOf } from './chunked-body.fixture.js';
import { auth, CHECK, CHECK_VALUES, failure, run } from './payload-verifier.fixture.js';
import { verifiedBody } from './payload-verifier.js';

describe('verifiedBody: plain bodies', () => {
  it('passes the bytes through and returns size and hex MD5', async () => {
    const { data, digest } = await run(CHECK, { 'content-length': '9' });
    expect(data.equals(CHECK)).toBe(true);
    expect(digest).toEqual({
      size: 9,
      md5Hex: createHash('md5').update(CHECK).digest('hex'),
      checksum: null,
    });
  });

  for (const [algorithm, value] of Object.entries(CHECK_VALUES)) {
    it(`verifies x-amz-checksum-${algorithm.toLowerCase()} and returns it`, async () => {
      const header = `x-amz-checksum-${algorithm.toLowerCase()}`;
      const { digest } = await run(CHECK, { [header]: value });
      expect(digest.checksum).toEqual({ algorithm, base64: value });
      const wrong = await failure(Buffer.from('123456780'), { [header]: value });
      expect(wrong).toMatchObject({ code: 'BadDigest' });
    });
  }

  it('computes the checksum named only by x-amz-sdk-checksum-algorithm or by the multipart upload', async () => {
    const sdk = await run(CHECK, { 'x-amz-sdk-checksum-algorithm': 'crc32c' });
    expect(sdk.digest.checksum).toEqual({ algorithm: 'CRC32C', base64: CHECK_VALUES.CRC32C });
    const mpu = await run(CHECK, {}, auth(), { checksumAlgorithm: 'CRC64NVME' });
    expect(mpu.digest.checksum).toEqual({ algorithm: 'CRC64NVME', base64: CHECK_VALUES.CRC64NVME });
  });

  it('refuses a checksum of another algorithm than the multipart upload was created with', () => {
    const headers = { 'x-amz-checksum-crc32': CHECK_VALUES.CRC32 };
    expect(() => verifiedBody(sourceOf([CHECK]), headers, auth(), { checksumAlgorithm: 'SHA256' })).toThrow(
      expect.objectContaining({ code: 'InvalidRequest' }),
    );
  });

  it('checks Content-MD5: BadDigest on mismatch, InvalidDigest when malformed', async () => {
    const md5 = createHash('md5').update(CHECK).digest('base64');
    expect((await run(CHECK, { 'content-md5': md5 })).data).toEqual(CHECK);
    expect(await failure(Buffer.from('x'), { 'content-md5': md5 })).toMatchObject({ code: 'BadDigest' });
    for (const bad of ['nope', 'AAAA', `${md5}x`]) {
      expect(() => verifiedBody(sourceOf([CHECK]), { 'content-md5': bad }, auth())).toThrow(
        expect.objectContaining({ code: 'InvalidDigest' }),
      );
    }
  });

  it('checks a hex x-amz-content-sha256 against the body', async () => {
    const hex = createHash('sha256').update(CHECK).digest('hex');
    expect((await run(CHECK, {}, auth({ kind: 'sha256', hex }))).data).toEqual(CHECK);
    const err = await failure(Buffer.from('other'), {}, auth({ kind: 'sha256', hex }));
    expect(err).toMatchObject({ code: 'XAmzContentSHA256Mismatch' });
  });

  it('refuses malformed or multiple checksum headers before reading', () => {
    const cases: IncomingHttpHeaders[] = [
      { 'x-amz-checksum-crc32': 'not base64!' },
      { 'x-amz-checksum-crc32': CHECK_VALUES.CRC32, 'x-amz-checksum-sha1': CHECK_VALUES.SHA1 },
      { 'x-amz-checksum-crc32': CHECK_VALUES.CRC32, 'x-amz-trailer': 'x-amz-checksum-crc32' },
      { 'x-amz-sdk-checksum-algorithm': 'MD4' },
    ];
    for (const headers of cases) {
      expect(() =>
        verifiedBody(sourceOf([CHECK]), headers, auth({ kind: 'streaming-unsigned-trailer' })),
      ).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
    }
  });

  it('answers IncompleteBody when fewer bytes than Content-Length arrive', async () => {
    expect(await failure(CHECK, { 'content-length': '10' })).toMatchObject({ code: 'IncompleteBody' });
  });

  it('answers IncompleteBody when the client goes away mid-body', async () => {
    const source = new PassThrough();
    const result = verifiedBody(source, { 'content-length': '100' }, auth());
    const done = collect(result.stream).catch((err: unknown) => err);
    source.write(Buffer.alloc(10));
    source.emit('aborted');
    source.destroy();
    expect(await done).toMatchObject({ code: 'IncompleteBody' });
    await expect(result.digest).rejects.toMatchObject({ code: 'IncompleteBody' });
  });

  it('keeps memory bounded: a consumer that does not read stops the source', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        produced += 65_536;
        this.push(produced > 64 * 1024 * 1024 ? null : Buffer.alloc(65_536));
      },
    });
    const result = verifiedBody(source, {}, auth());
    await sleep(50);
    // Bytes flowed through the verifier (at least one 64 KiB chunk waits for the reader), then stopped.
    expect(result.stream.readableLength).toBeGreaterThanOrEqual(65_536);
    expect(produced).toBeGreaterThanOrEqual(65_536);
    expect(produced).toBeLessThan(1024 * 1024);
    result.stream.destroy();
  });
});
