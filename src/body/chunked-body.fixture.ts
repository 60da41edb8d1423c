import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * Test-side aws-chunked encoder, written straight from the AWS documentation with node:crypto so the
 * decoder is not checked against its own signing code.
 */

const EMPTY = createHash('sha256').digest('hex');

export interface SignedChunkOptions {
  key: Buffer;
  amzDate: string;
  scope: string;
  seed: string;
}

function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Signed frames for `chunks` (the last should be empty); returns the body and the final signature. */
export function signedChunks(chunks: Buffer[], opts: SignedChunkOptions): { body: Buffer; last: string } {
  const parts: Buffer[] = [];
  let previous = opts.seed;
  for (const data of chunks) {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', opts.amzDate, opts.scope, previous, EMPTY, sha256(data)].join(
      '\n',
    );
    previous = hmacHex(opts.key, toSign);
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${previous}\r\n`), data);
    if (data.length > 0) parts.push(Buffer.from('\r\n'));
  }
  return { body: Buffer.concat(parts), last: previous };
}

export function trailerSignature(
  opts: SignedChunkOptions,
  previous: string,
  canonicalTrailers: string,
): string {
  const toSign = [
    'AWS4-HMAC-SHA256-TRAILER',
    opts.amzDate,
    opts.scope,
    previous,
    sha256(canonicalTrailers),
  ].join('\n');
  return hmacHex(opts.key, toSign);
}

/** STREAMING-UNSIGNED-PAYLOAD-TRAILER body as the JS SDK and botocore frame it. */
export function unsignedTrailerBody(chunks: Buffer[], trailers: string): Buffer {
  const parts: Buffer[] = [];
  for (const data of chunks)
    parts.push(Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`0\r\n${trailers}\r\n`));
  return Buffer.concat(parts);
}

/** Deterministic pseudo-random generator, so failures replay. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Cuts `data` at random points (including 1-byte pieces). */
export function randomSlices(data: Buffer, random: () => number, maxSlice = 64): Buffer[] {
  const slices: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const size = 1 + Math.floor(random() * maxSlice);
    slices.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return slices;
}

export function byteByByte(data: Buffer): Buffer[] {
  return Array.from({ length: data.length }, (_, i) => data.subarray(i, i + 1));
}

/** A byte stream (not object mode) that yields the given slices. */
export function sourceOf(slices: Buffer[]): Readable {
  return Readable.from(slices, { objectMode: false });
}

/** Reads a stream to its end; rejects with its error. */
export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
