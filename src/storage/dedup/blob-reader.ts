import { Readable } from 'node:stream';
import type { VersionSegment } from '../../metadata/object-types.js';
import type { BlobRows } from '../../metadata/ports.js';
import { type BlockBytesDeps, readPlain } from './block-bytes.js';

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

/**
 * Bytes of upcoming blocks read ahead of the client: block reads overlap the socket writes, and
 * memory per download stays bounded whatever the block size.
 */
const READ_AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * Streams bytes [start, end] of an object made of `parts`, with backpressure: block reads run up
 * to READ_AHEAD_BYTES ahead of what the client has taken. A missing or corrupt block errors the
 * stream (the HTTP layer then cuts the connection instead of ending the response), and so does a
 * block list that ends before the range does: a response is never ended short of its length.
 */
export function readObjectRange(
  parts: readonly VersionSegment[],
  range: ByteRange,
  deps: BlockBytesDeps & { blobs: BlobRows },
): Readable {
  return Readable.from(rangeBytes(blocksInRange(parts, range, deps.blobs), undefined, range, deps), {
    objectMode: false,
  });
}

/**
 * readObjectRange for a response not yet begun: the first block of the range is looked up before
 * the stream is returned, so a version deleted between its row read and its block list read (its
 * blob freed by a concurrent DELETE) is answered as gone (undefined) rather than as a 200 whose
 * body then breaks off.
 */
export async function openObjectRange(
  parts: readonly VersionSegment[],
  range: ByteRange,
  deps: BlockBytesDeps & { blobs: BlobRows },
): Promise<Readable | undefined> {
  const slices = blocksInRange(parts, range, deps.blobs);
  const first = await slices.next();
  if (first.done) {
    if (range.end >= range.start) return undefined;
    return Readable.from([], { objectMode: false });
  }
  return Readable.from(rangeBytes(slices, first.value, range, deps), { objectMode: false });
}

async function* rangeBytes(
  slices: AsyncGenerator<BlockPiece>,
  first: BlockPiece | undefined,
  range: ByteRange,
  deps: BlockBytesDeps,
): AsyncGenerator<Buffer> {
  const ahead: { length: number; data: Promise<Buffer[]> }[] = [];
  let pending = first;
  let queued = 0;
  let sent = 0;
  let exhausted = false;
  for (;;) {
    while (!exhausted && (queued < READ_AHEAD_BYTES || ahead.length === 0)) {
      let piece = pending;
      pending = undefined;
      if (!piece) {
        const next = await slices.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        piece = next.value;
      }
      const { hash, size, from, to, sealed } = piece;
      const whole = from === 0 && to === size - 1;
      const data = sealed
        ? readPlain(deps, piece, { start: from, end: to }).then((b) => [b])
        : collect(deps.store.createReadStream(hash, size, whole ? undefined : { start: from, end: to }));
      data.catch(() => {}); // awaited in order below; a failure surfaces there
      ahead.push({ length: to - from + 1, data });
      queued += to - from + 1;
    }
    const head = ahead.shift();
    if (!head) break;
    queued -= head.length;
    for (const piece of await head.data) {
      sent += piece.length;
      yield piece;
    }
  }
  const length = range.end - range.start + 1;
  if (sent !== length) {
    // The blob's rows went while it was read (a concurrent DELETE freed it): fail, never end short.
    throw new Error(`object range ended after ${sent} of ${length} bytes: its block list changed`);
  }
}

/** A block that overlaps a byte range, and its first and last byte inside the range (inclusive). */
export interface BlockPiece {
  hash: string;
  size: number;
  from: number;
  to: number;
  /** The seal of an encrypted block (blob-repository.ts). */
  sealed?: Buffer;
}

/** The blocks of `parts` that overlap `range`, in order, each with the bytes of it that fall inside. */
export async function* blocksInRange(
  parts: readonly VersionSegment[],
  range: ByteRange,
  blobs: BlobRows,
): AsyncGenerator<BlockPiece> {
  for (const part of parts) {
    const partEnd = part.start + part.size - 1;
    if (partEnd < range.start || part.start > range.end || part.size === 0) continue;
    // Offsets within the blob: a part shares it with the others after its edges were re-chunked.
    const base = (part.blobOffset ?? 0) - part.start;
    const from = Math.max(range.start, part.start) + base;
    const to = Math.min(range.end, partEnd) + base;
    for await (const block of blobs.blocks(part.blobId, from)) {
      if (block.offset > to) break;
      const blockEnd = block.offset + block.size - 1;
      if (blockEnd < from) continue;
      yield {
        hash: block.hash,
        size: block.size,
        ...(block.sealed ? { sealed: block.sealed } : {}),
        from: Math.max(from, block.offset) - block.offset,
        to: Math.min(to, blockEnd) - block.offset,
      };
    }
  }
}

async function collect(stream: Readable): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return pieces;
}
