import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Chunker } from '../blocks/chunker.js';
import type { HashedBlock } from '../blocks/index.js';
import { HashPool } from './hash-pool.js';
import { SLAB_BYTES, SlabBatcher, slabOf } from './slabs.js';

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

describe('hash pool', () => {
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

  it('digests a stream on a thread: MD5 and SHA-256 of all updates, in order', async () => {
    const parts = [randomBytes(1000), randomBytes(SLAB_BYTES), randomBytes(7)];
    const stream = await pool.openDigest(['md5', 'sha256']);
    for (const p of parts) {
      const slab = slabOf(new ArrayBuffer(p.length), p.length);
      p.copy(slab);
      const back = await stream.update(slab);
      // The memory moved to the thread and back: the old view is detached, the bytes are intact.
      expect(slab.length).toBe(0);
      expect(back.equals(p)).toBe(true);
    }
    const digests = await stream.end();
    const all = Buffer.concat(parts);
    expect(digests).toEqual({
      md5: createHash('md5').update(all).digest('hex'),
      sha256: createHash('sha256').update(all).digest('hex'),
    });
  });

  it('gives concurrent streams threads of their own, and closing fails open streams at once', async () => {
    const own = new HashPool(2);
    try {
      const a = await own.openDigest(['md5']);
      const b = await own.openDigest(['md5']);
      const c = await own.openDigest(['md5']);
      expect(own.threadsRunning).toBe(2);
      await c.end();
      await own.close();
      await expect(a.update(slabOf(new ArrayBuffer(4), 4))).rejects.toThrow(/gone|exited/);
      await expect(a.update(Buffer.alloc(4))).rejects.toThrow(/only a slab/);
      await expect(b.end()).rejects.toThrow(/gone|exited/);
      expect(own.enabled).toBe(false);
    } finally {
      await own.close();
    }
  });

  it('a pool without threads is disabled and opens nothing', async () => {
    const none = new HashPool(0);
    expect(none.enabled).toBe(false);
    await expect(none.openDigest(['md5'])).rejects.toThrow(/no threads/);
    const blocks = await chunk([randomBytes(10_000)], false);
    expect(blocks.length).toBeGreaterThan(1);
  });
});
