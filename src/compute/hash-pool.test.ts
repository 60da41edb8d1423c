import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPool } from './hash-pool.js';
import { SLAB_BYTES, slabOf } from './slabs.js';

const pool = new HashPool(2);
afterAll(() => pool.close());

describe('hash pool', () => {
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
  });
});
