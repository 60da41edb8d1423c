import { describe, expect, it } from 'vitest';
import type { SigningContext } from '../auth/auth-context.js';
import * as ex from '../auth/aws-examples.fixture.js';
import { signingKey } from '../auth/signature-v4.js';
import { AwsChunkedDecoder, type AwsChunkedOptions } from './aws-chunked-decoder.js';
import {
  byteByByte,
  collect,
  randomSlices,
  seededRandom,
  signedChunks,
  sourceOf,
  trailerSignature,
} from './chunked-body.fixture.js';

const KEY = signingKey(ex.EXAMPLE_SECRET, '20130524', 'us-east-1');
const SIGNING: SigningContext = {
  signingKey: KEY,
  scope: ex.EXAMPLE_SCOPE,
  amzDate: ex.EXAMPLE_AMZ_DATE,
  seedSignature: ex.STREAMING_PUT.seedSignature,
};
const CHAIN = {
  key: KEY,
  amzDate: ex.EXAMPLE_AMZ_DATE,
  scope: ex.EXAMPLE_SCOPE,
  seed: SIGNING.seedSignature,
};

/** The exact body of AWS's streaming PUT example, with the published chunk signatures. */
function awsExampleBody(): Buffer {
  const e = ex.STREAMING_PUT;
  const parts = e.chunkSizes.map((size, i) => {
    const data = Buffer.alloc(size, 'a');
    const head = Buffer.from(`${size.toString(16)};chunk-signature=${e.chunkSignatures[i]}\r\n`);
    return Buffer.concat([head, data, Buffer.from('\r\n')]);
  });
  return Buffer.concat(parts);
}

async function decode(
  slices: Buffer[],
  options: AwsChunkedOptions,
): Promise<{ data: Buffer; decoder: AwsChunkedDecoder }> {
  const decoder = new AwsChunkedDecoder(options);
  const data = await collect(sourceOf(slices).pipe(decoder));
  return { data, decoder };
}

async function decodeError(slices: Buffer[], options: AwsChunkedOptions): Promise<unknown> {
  return decode(slices, options).then(
    () => new Error('decoded without error'),
    (err: unknown) => err,
  );
}

const SIGNED: AwsChunkedOptions = { signing: SIGNING, trailer: false, announcedTrailers: [] };
const SIGNED_TRAILER: AwsChunkedOptions = {
  signing: SIGNING,
  trailer: true,
  announcedTrailers: ['x-amz-checksum-crc32c'],
};

function signedTrailerBody(
  chunks: Buffer[],
  trailers = 'x-amz-checksum-crc32c:sOO8/Q==\n',
  lineEnd = '\r\n',
): Buffer {
  const { body, last } = signedChunks([...chunks, Buffer.alloc(0)], CHAIN);
  const signature = trailerSignature(CHAIN, last, trailers);
  const lines = trailers
    .trimEnd()
    .split('\n')
    .map((line) => `${line}${lineEnd}`)
    .join('');
  return Buffer.concat([body, Buffer.from(`${lines}x-amz-trailer-signature:${signature}\r\n\r\n`)]);
}

describe('AwsChunkedDecoder: STREAMING-AWS4-HMAC-SHA256-PAYLOAD', () => {
  it('decodes AWS\'s published example (66824 bytes -> 66560 bytes of "a")', async () => {
    const body = awsExampleBody();
    expect(body.length).toBe(66824);
    const { data, decoder } = await decode([body], SIGNED);
    expect(data.equals(Buffer.alloc(66560, 'a'))).toBe(true);
    expect(decoder.decodedLength).toBe(66560);
  });

  it('decodes the example whatever the input slicing (random slices, 10 seeds)', async () => {
    const body = awsExampleBody();
    for (let seed = 1; seed <= 10; seed++) {
      const { data } = await decode(randomSlices(body, seededRandom(seed), 700), SIGNED);
      expect(data.length).toBe(66560);
    }
  });

  it('decodes a small signed body fed byte by byte', async () => {
    const { body } = signedChunks([Buffer.from('hello '), Buffer.from('world'), Buffer.alloc(0)], CHAIN);
    const { data } = await decode(byteByByte(body), SIGNED);
    expect(data.toString()).toBe('hello world');
  });

  it('answers SignatureDoesNotMatch when one data byte is changed', async () => {
    const body = awsExampleBody();
    body[100] = 'b'.charCodeAt(0);
    expect(await decodeError([body], SIGNED)).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('answers SignatureDoesNotMatch when chunks are reordered (the chain is checked)', async () => {
    const a = signedChunks([Buffer.from('one'), Buffer.alloc(0)], CHAIN).body;
    const b = signedChunks([Buffer.from('two'), Buffer.alloc(0)], CHAIN).body;
    const firstOfA = a.subarray(0, a.indexOf('\r\n0;') + 2);
    const firstOfB = b.subarray(0, b.indexOf('\r\n0;') + 2);
    expect(
      await decodeError(
        [firstOfA, firstOfB, Buffer.from(`0;chunk-signature=${'0'.repeat(64)}\r\n\r\n`)],
        SIGNED,
      ),
    ).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('answers IncompleteBody for every truncation of a signed body', async () => {
    const { body: chunks } = signedChunks([Buffer.from('abc'), Buffer.from('de'), Buffer.alloc(0)], CHAIN);
    const body = Buffer.concat([chunks, Buffer.from('\r\n')]);
    expect((await decode([body], SIGNED)).data.toString()).toBe('abcde');
    // The final blank line is optional at EOF (some clients omit it), so that one cut is complete.
    expect((await decode([body.subarray(0, body.length - 2)], SIGNED)).data.toString()).toBe('abcde');
    for (let cut = 0; cut < body.length; cut++) {
      if (cut === body.length - 2) continue;
      expect(await decodeError([body.subarray(0, cut)], SIGNED)).toMatchObject({ code: 'IncompleteBody' });
    }
  });

  it('refuses a signed chunk without chunk-signature', async () => {
    expect(await decodeError([Buffer.from('3\r\nabc\r\n0\r\n\r\n')], SIGNED)).toMatchObject({
      code: 'InvalidRequest',
    });
  });
});

describe('AwsChunkedDecoder: STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', () => {
  const chunks = [Buffer.alloc(1000, 'x'), Buffer.alloc(10, 'y')];

  it('decodes and exposes the verified trailer, in any slicing', async () => {
    const body = signedTrailerBody(chunks);
    for (const slices of [[body], byteByByte(body), randomSlices(body, seededRandom(7), 50)]) {
      const { data, decoder } = await decode(slices, SIGNED_TRAILER);
      expect(data.equals(Buffer.concat(chunks))).toBe(true);
      expect(decoder.trailers.get('x-amz-checksum-crc32c')).toBe('sOO8/Q==');
    }
  });

  it("accepts minio-go's \\n\\r\\n trailer line ends", async () => {
    const { decoder } = await decode([signedTrailerBody(chunks, undefined, '\n\r\n')], SIGNED_TRAILER);
    expect(decoder.trailers.get('x-amz-checksum-crc32c')).toBe('sOO8/Q==');
  });

  it('answers SignatureDoesNotMatch when the trailer value was changed', async () => {
    const body = Buffer.from(
      signedTrailerBody(chunks).toString('latin1').replace('sOO8/Q==', 'AAAAAA=='),
      'latin1',
    );
    expect(await decodeError([body], SIGNED_TRAILER)).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('does not end before the trailer signature: a missing one is an error', async () => {
    const { body } = signedChunks([...chunks, Buffer.alloc(0)], CHAIN);
    const unsignedTrailer = Buffer.concat([body, Buffer.from('x-amz-checksum-crc32c:sOO8/Q==\r\n\r\n')]);
    expect(await decodeError([unsignedTrailer], SIGNED_TRAILER)).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const truncated = Buffer.concat([body, Buffer.from('x-amz-checksum-crc32c:sOO8/Q==\r\n')]);
    expect(await decodeError([truncated], SIGNED_TRAILER)).toMatchObject({ code: 'IncompleteBody' });
  });
});
