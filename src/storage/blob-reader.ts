import { Readable } from 'node:stream';
import type { BlockStore } from '../blocks/index.js';
import type { BlobRepository } from '../metadata/blob-repository.js';
import type { VersionPart } from '../metadata/object-types.js';

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

interface Slice {
  hash: string;
  size: number;
  /** Inclusive range inside the block, or undefined for the whole block (then re-hashed). */
  range: { start: number; end: number } | undefined;
  length: number;
}

/**
 * Streams bytes [start, end] of an object made of `parts`, with backpressure: block reads run up
 * to READ_AHEAD_BYTES ahead of what the client has taken. A missing or corrupt block errors the
 * stream (the HTTP layer then cuts the connection instead of ending the response).
 */
export function readObjectRange(
  parts: readonly VersionPart[],
  range: ByteRange,
  deps: { store: BlockStore; blobs: BlobRepository },
): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    const slices = slicesOf(parts, range, deps.blobs);
    const ahead: { length: number; data: Promise<Buffer[]> }[] = [];
    let queued = 0;
    let exhausted = false;
    for (;;) {
      while (!exhausted && (queued < READ_AHEAD_BYTES || ahead.length === 0)) {
        const next = await slices.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const data = collect(deps.store.createReadStream(next.value.hash, next.value.size, next.value.range));
        data.catch(() => {}); // awaited in order below; a failure surfaces there
        ahead.push({ length: next.value.length, data });
        queued += next.value.length;
      }
      const head = ahead.shift();
      if (!head) return;
      queued -= head.length;
      for (const piece of await head.data) yield piece;
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

/** The blocks (or parts of blocks) that cover the range, in order. */
async function* slicesOf(
  parts: readonly VersionPart[],
  range: ByteRange,
  blobs: BlobRepository,
): AsyncGenerator<Slice> {
  for (const part of parts) {
    const partEnd = part.start + part.size - 1;
    if (partEnd < range.start || part.start > range.end || part.size === 0) continue;
    const from = Math.max(range.start, part.start) - part.start;
    const to = Math.min(range.end, partEnd) - part.start;
    for await (const block of blobs.blocks(part.blobId, from)) {
      if (block.offset > to) break;
      const blockEnd = block.offset + block.size - 1;
      if (blockEnd < from) continue;
      const start = Math.max(from, block.offset) - block.offset;
      const end = Math.min(to, blockEnd) - block.offset;
      const whole = start === 0 && end === block.size - 1;
      yield {
        hash: block.hash,
        size: block.size,
        range: whole ? undefined : { start, end },
        length: end - start + 1,
      };
    }
  }
}

async function collect(stream: Readable): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return pieces;
}
