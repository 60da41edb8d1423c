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
 * Streams bytes [start, end] of an object made of `parts`, block by block, with backpressure:
 * at most one block read is open at a time. A missing or corrupt block errors the stream.
 */
export function readObjectRange(
  parts: readonly VersionPart[],
  range: ByteRange,
  deps: { store: BlockStore; blobs: BlobRepository },
): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    for (const part of parts) {
      const partEnd = part.start + part.size - 1;
      if (partEnd < range.start || part.start > range.end || part.size === 0) continue;
      const from = Math.max(range.start, part.start) - part.start;
      const to = Math.min(range.end, partEnd) - part.start;
      for await (const block of deps.blobs.blocks(part.blobId, from)) {
        if (block.offset > to) break;
        const blockEnd = block.offset + block.size - 1;
        if (blockEnd < from) continue;
        const start = Math.max(from, block.offset) - block.offset;
        const end = Math.min(to, blockEnd) - block.offset;
        const whole = start === 0 && end === block.size - 1;
        const stream = deps.store.createReadStream(
          block.hash,
          block.size,
          whole ? undefined : { start, end },
        );
        for await (const chunk of stream) yield chunk as Buffer;
      }
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}
