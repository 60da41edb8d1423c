import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../auth/auth-context.js';
import * as ex from '../auth/aws-examples.fixture.js';
import { signingKey } from '../auth/signature-v4.js';
import { randomSlices, seededRandom, unsignedTrailerBody } from './chunked-body.fixture.js';
import { auth, CHECK, CHECK_VALUES, failure, run } from './payload-verifier.fixture.js';

describe('verifiedBody: aws-chunked bodies', () => {
  const headers = {
    'x-amz-trailer': 'x-amz-checksum-crc32',
    'x-amz-decoded-content-length': '9',
    'content-encoding': 'aws-chunked',
  };
  const body = unsignedTrailerBody(
    [Buffer.from('1234'), Buffer.from('56789')],
    `x-amz-checksum-crc32:${CHECK_VALUES.CRC32}\r\n`,
  );
  const unsignedTrailer = auth({ kind: 'streaming-unsigned-trailer' });

  it('decodes STREAMING-UNSIGNED-PAYLOAD-TRAILER and verifies the trailer checksum', async () => {
    const { data, digest } = await run(randomSlices(body, seededRandom(5), 5), headers, unsignedTrailer);
    expect(data.toString()).toBe('123456789');
    expect(digest.checksum).toEqual({ algorithm: 'CRC32', base64: CHECK_VALUES.CRC32 });
  });

  it('answers BadDigest for a wrong trailer checksum', async () => {
    const bad = unsignedTrailerBody([CHECK], 'x-amz-checksum-crc32:AAAAAA==\r\n');
    expect(await failure(bad, headers, unsignedTrailer)).toMatchObject({ code: 'BadDigest' });
  });

  it('answers IncompleteBody when x-amz-decoded-content-length does not match', async () => {
    expect(
      await failure(body, { ...headers, 'x-amz-decoded-content-length': '10' }, unsignedTrailer),
    ).toMatchObject({
      code: 'IncompleteBody',
    });
    expect(
      await failure(body, { ...headers, 'x-amz-decoded-content-length': '8' }, unsignedTrailer),
    ).toMatchObject({
      code: 'IncompleteBody',
    });
  });

  it("decodes and verifies AWS's signed streaming example end to end", async () => {
    const e = ex.STREAMING_PUT;
    const chunks = e.chunkSizes.map((size, i) =>
      Buffer.concat([
        Buffer.from(`${size.toString(16)};chunk-signature=${e.chunkSignatures[i]}\r\n`),
        Buffer.alloc(size, 'a'),
        Buffer.from('\r\n'),
      ]),
    );
    const signing = {
      signingKey: signingKey(ex.EXAMPLE_SECRET, '20130524', 'us-east-1'),
      scope: ex.EXAMPLE_SCOPE,
      amzDate: ex.EXAMPLE_AMZ_DATE,
      seedSignature: e.seedSignature,
    };
    const context: AuthContext = { ...auth({ kind: 'streaming-signed', trailer: false }), signing };
    const { digest } = await run(
      chunks,
      { 'content-length': '66824', 'x-amz-decoded-content-length': '66560' },
      context,
    );
    expect(digest.size).toBe(66560);
    expect(digest.md5Hex).toBe(createHash('md5').update(Buffer.alloc(66560, 'a')).digest('hex'));
  });
});
