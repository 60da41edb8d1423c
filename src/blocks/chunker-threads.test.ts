import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPool } from '../compute/hash-pool.js';
import { SLAB_BYTES, SlabBatcher } from '../compute/slabs.js';
import type { HashedBlock } from './block-writer.js';
import { Chunker } from './chunker.js';

const pool = new HashPool(2);
afterAll(() => pool.close());

const SMALL = { minSize: 256, avgSize: 1024, maxSize: 4096 };

/** Blocks as { hash, bytes } after chunking `slices` here, or on the pool's threads via slabs. */
async function chunk(slices: Buffer[], onThreads: boolean, options = SMALL) {
  const out: { hash: string; data: Buffer; onThread: boolean }[] = [];
  const stages = onThreads ? [new SlabBatcher(), new Chunker(options, pool)] : [new Chunker(options)];
  await pipeline(
    Readable.from(slices, { objectMode: false }),
    ...(stages as [Chunker]),
    new Writable({
      objectMode: true,
      write(block: Buffer | HashedBlock, _enc, done) {
        const data = Buffer.isBuffer(block) ? block : block.data;
        const hash = Buffer.isBuffer(block) ? createHash('sha256').update(block).digest('hex') : block.hash;
        out.push({ hash, data: Buffer.from(data), onThread: !Buffer.isBuffer(block) });
        done();
      },
    }),
  );
  return out;
}

describe('chunker on hashing threads', () => {
  it('cuts and hashes on threads exactly the blocks the event loop would (property)', async () => {
    const before = pool.bytesHashed;
    let threadBlocks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * SLAB_BYTES }),
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 8 }),
        async (size, cutsAt) => {
          const data = randomBytes(size);
          const slices: Buffer[] = [];
          let from = 0;
          for (let i = 0; from < size; i++) {
            const n = cutsAt[i % cutsAt.length]!;
            slices.push(data.subarray(from, from + n));
            from += n;
          }
          const here = await chunk(slices, false);
          const threads = await chunk(slices, true);
          threadBlocks += threads.filter((b) => b.onThread).length;
          expect(threads.map((b) => b.hash)).toEqual(here.map((b) => b.hash));
          expect(Buffer.concat(threads.map((b) => b.data)).equals(data)).toBe(true);
          for (const b of threads) expect(createHash('sha256').update(b.data).digest('hex')).toBe(b.hash);
        },
      ),
      { numRuns: 25 },
    );
    // The threads did the work: bytes went through them, and they hashed the blocks.
    expect(pool.bytesHashed - before).toBeGreaterThan(SLAB_BYTES);
    expect(threadBlocks).toBeGreaterThan(0);
  });
});
