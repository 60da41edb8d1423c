import { describe, expect, it } from 'vitest';
import * as ex from '../auth/aws-examples.fixture.js';
import { signingKey } from '../auth/signature-v4.js';
import type { AwsChunkedOptions } from './aws-chunked-decoder.js';
import { AwsChunkedDecoder } from './aws-chunked-decoder.js';
import {
  byteByByte,
  collect,
  randomSlices,
  seededRandom,
  sourceOf,
  unsignedTrailerBody,
} from './chunked-body.fixture.js';

const UNSIGNED_TRAILER: AwsChunkedOptions = {
  signing: null,
  trailer: true,
  announcedTrailers: ['x-amz-checksum-crc32'],
};
const SIGNING = {
  signingKey: signingKey(ex.EXAMPLE_SECRET, '20130524', 'us-east-1'),
  scope: ex.EXAMPLE_SCOPE,
  amzDate: ex.EXAMPLE_AMZ_DATE,
  seedSignature: ex.STREAMING_PUT.seedSignature,
};
const SIGNED: AwsChunkedOptions = { signing: SIGNING, trailer: false, announcedTrailers: [] };
const SIGNED_TRAILER: AwsChunkedOptions = {
  signing: SIGNING,
  trailer: true,
  announcedTrailers: ['x-amz-checksum-crc32c'],
};

async function decode(slices: Buffer[], options: AwsChunkedOptions) {
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

describe('AwsChunkedDecoder: STREAMING-UNSIGNED-PAYLOAD-TRAILER', () => {
  const chunks = [Buffer.from('hello '), Buffer.alloc(70_000, 'z')];
  const trailer = 'x-amz-checksum-crc32:y/Q5Jg==\r\n';

  it('decodes the JS SDK / botocore framing in any slicing', async () => {
    const body = unsignedTrailerBody(chunks, trailer);
    for (const slices of [
      [body],
      randomSlices(body, seededRandom(3), 4000),
      randomSlices(body, seededRandom(4), 3),
    ]) {
      const { data, decoder } = await decode(slices, UNSIGNED_TRAILER);
      expect(data.equals(Buffer.concat(chunks))).toBe(true);
      expect(decoder.trailers.get('x-amz-checksum-crc32')).toBe('y/Q5Jg==');
    }
  });

  it.each([
    [
      'uppercase hex and an unknown extension',
      '6;ext=1\r\nhello \r\nA\r\n0123456789\r\n0\r\nx-amz-checksum-crc32:y/Q5Jg==\r\n\r\n',
    ],
    ['no final blank line at EOF', '6\r\nhello \r\n0\r\nx-amz-checksum-crc32:y/Q5Jg==\r\n'],
    ["minio-go's \\n\\r\\n\\r\\n ending", '6\r\nhello \r\n0\r\nx-amz-checksum-crc32:y/Q5Jg==\n\r\n\r\n'],
    [
      'a blank line before the trailer and spaces around ":"',
      '6\r\nhello \r\n0\r\n\r\nx-amz-checksum-crc32 : y/Q5Jg==\r\n\r\n',
    ],
  ])('accepts %s', async (_name, body) => {
    const { decoder } = await decode(byteByByte(Buffer.from(body)), UNSIGNED_TRAILER);
    expect(decoder.trailers.get('x-amz-checksum-crc32')).toBe('y/Q5Jg==');
  });

  it.each([
    ['a trailer that was not announced', '0\r\nx-amz-checksum-sha1:AAAA\r\n\r\n', 'InvalidRequest'],
    [
      'a trailer sent twice',
      '0\r\nx-amz-checksum-crc32:a\r\nx-amz-checksum-crc32:b\r\n\r\n',
      'InvalidRequest',
    ],
    ['an announced trailer that never came', '0\r\n\r\n', 'IncompleteBody'],
    ['data after the end', '0\r\nx-amz-checksum-crc32:y/Q5Jg==\r\n\r\nmore', 'InvalidRequest'],
    ['a bad chunk size', 'zz\r\nhello\r\n', 'InvalidRequest'],
    ['a chunk over 16 MiB', '1000001\r\n', 'InvalidRequest'],
    ['chunk data not followed by CRLF', '2\r\nabX\r\n', 'InvalidRequest'],
    ['an endless size line', `1${' '.repeat(5000)}`, 'InvalidRequest'],
    ['an endless trailer section', `0\r\n${'x'.repeat(17_000)}`, 'InvalidRequest'],
    ['a body cut inside the trailer', '0\r\nx-amz-checksum-crc32:y/Q5', 'IncompleteBody'],
  ])('refuses %s', async (_name, body, code) => {
    expect(await decodeError([Buffer.from(body)], UNSIGNED_TRAILER)).toMatchObject({ code });
  });

  it('turns random garbage into an S3Error and never hangs', async () => {
    const random = seededRandom(99);
    for (let round = 0; round < 200; round++) {
      const garbage = Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)),
      );
      for (const options of [SIGNED, SIGNED_TRAILER, UNSIGNED_TRAILER]) {
        const err = await decodeError(randomSlices(garbage, random, 40), options);
        expect(err).toMatchObject({ name: 'S3Error' });
      }
    }
  });
});
