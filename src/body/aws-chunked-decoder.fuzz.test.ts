import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as ex from '../auth/aws-examples.fixture.js';
import { signingKey } from '../auth/signature-v4.js';
import { S3Error } from '../errors.js';
import { fuzz, mutated, s3ErrorOr, splitAt, splitPoints } from '../fuzz.fixture.js';
import { AwsChunkedDecoder, type AwsChunkedOptions } from './aws-chunked-decoder.js';
import { collect, signedChunks, sourceOf, unsignedTrailerBody } from './chunked-body.fixture.js';

const KEY = signingKey(ex.EXAMPLE_SECRET, '20130524', 'us-east-1');
const SIGNED: AwsChunkedOptions = {
  signing: {
    signingKey: KEY,
    scope: ex.EXAMPLE_SCOPE,
    amzDate: ex.EXAMPLE_AMZ_DATE,
    seedSignature: ex.STREAMING_PUT.seedSignature,
  },
  trailer: false,
  announcedTrailers: [],
};
const CHAIN = {
  key: KEY,
  amzDate: ex.EXAMPLE_AMZ_DATE,
  scope: ex.EXAMPLE_SCOPE,
  seed: ex.STREAMING_PUT.seedSignature,
};
const UNSIGNED_TRAILER: AwsChunkedOptions = {
  signing: null,
  trailer: true,
  announcedTrailers: ['x-amz-checksum-crc32'],
};
/** Error codes a malformed aws-chunked body may get. */
const FRAMING_CODES = [
  'IncompleteBody',
  'InvalidRequest',
  'SignatureDoesNotMatch',
  'MalformedTrailerError',
  'InvalidArgument',
  'BadDigest',
];

const chunks = fc
  .array(
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    { maxLength: 6 },
  )
  .map((list) => list.filter((c) => c.length > 0));

function crcTrailer(data: Buffer): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(data));
  return `x-amz-checksum-crc32:${sum.toString('base64')}\r\n`;
}

async function decode(slices: Buffer[], options: AwsChunkedOptions): Promise<Buffer> {
  return collect(sourceOf(slices).pipe(new AwsChunkedDecoder(options)));
}

describe('aws-chunked decoding (fuzzed)', () => {
  it('round-trips signed chunks of any sizes, however the stream is split', async () => {
    await fuzz(
      'aws-chunked signed round-trip',
      fc.record({ chunks, points: splitPoints() }),
      async ({ chunks, points }) => {
        const { body } = signedChunks([...chunks, Buffer.alloc(0)], CHAIN);
        const framed = Buffer.concat([body, Buffer.from('\r\n')]);
        expect((await decode(splitAt(framed, points), SIGNED)).equals(Buffer.concat(chunks))).toBe(true);
      },
    );
  });

  it('round-trips unsigned chunks with a trailer, however the stream is split', async () => {
    await fuzz(
      'aws-chunked unsigned-trailer round-trip',
      fc.record({ chunks, points: splitPoints() }),
      async ({ chunks, points }) => {
        const data = Buffer.concat(chunks);
        const framed = unsignedTrailerBody(chunks, crcTrailer(data));
        const decoder = new AwsChunkedDecoder(UNSIGNED_TRAILER);
        expect((await collect(sourceOf(splitAt(framed, points)).pipe(decoder))).equals(data)).toBe(true);
        expect(decoder.trailers.get('x-amz-checksum-crc32')).toBe(crcTrailer(data).slice(21, -2));
      },
    );
  });

  it('answers a mutated signed body with an S3 framing error, never a crash', async () => {
    const base = signedChunks([Buffer.from('hello '), Buffer.from('world'), Buffer.alloc(0)], CHAIN).body;
    await fuzz(
      'aws-chunked signed mutated',
      fc.record({ body: mutated(base), points: splitPoints() }),
      async ({ body, points }) => {
        const got = await s3ErrorOr(() => decode(splitAt(body, points), SIGNED));
        if (got instanceof S3Error) expect(FRAMING_CODES).toContain(got.code);
      },
      { weight: 2 },
    );
  });

  it('answers a mutated unsigned-trailer body with an S3 framing error, never a crash', async () => {
    const data = Buffer.from('some object bytes');
    const base = unsignedTrailerBody([data.subarray(0, 5), data.subarray(5)], crcTrailer(data));
    await fuzz(
      'aws-chunked unsigned mutated',
      fc.record({ body: mutated(base), points: splitPoints() }),
      async ({ body, points }) => {
        const got = await s3ErrorOr(() => decode(splitAt(body, points), UNSIGNED_TRAILER));
        if (got instanceof S3Error) expect(FRAMING_CODES).toContain(got.code);
      },
      { weight: 2 },
    );
  });

  it('answers arbitrary bytes with an S3 framing error, never a crash', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      fc
        .string({ unit: fc.constantFrom(...'0123456789abcdef;=\r\n-chunk-signature x-amz:'), maxLength: 120 })
        .map((s) => Buffer.from(s)),
    );
    await fuzz(
      'aws-chunked arbitrary',
      fc.record({ body: bytes, points: splitPoints(), signed: fc.boolean() }),
      async ({ body, points, signed }) => {
        const got = await s3ErrorOr(() => decode(splitAt(body, points), signed ? SIGNED : UNSIGNED_TRAILER));
        if (got instanceof S3Error) expect(FRAMING_CODES).toContain(got.code);
      },
      { weight: 2 },
    );
  });
});
