import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findCutPoints } from './fastcdc.js';

/**
 * The point of content-defined chunking: shifted or re-partitioned data still maps mostly onto the
 * same blocks. Multipart uploads chunk each part on its own, so only blocks near part edges differ.
 */

const MiB = 1024 * 1024;

function pseudoRandom(size: number, seed = 1): Buffer {
  const key = createHash('sha256').update(`dedup ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

function blockHashes(data: Buffer): string[] {
  let start = 0;
  return findCutPoints(data).map((end) => {
    const hash = createHash('sha256').update(data.subarray(start, end)).digest('hex');
    start = end;
    return hash;
  });
}

function partHashes(data: Buffer, partSize: number): string[] {
  const hashes: string[] = [];
  for (let off = 0; off < data.length; off += partSize)
    hashes.push(...blockHashes(data.subarray(off, off + partSize)));
  return hashes;
}

/** Share of `next`'s blocks that `base` already has. */
function shared(base: string[], next: string[]): number {
  const known = new Set(base);
  return next.filter((h) => known.has(h)).length / next.length;
}

describe('dedup with FastCDC at the default sizes', () => {
  it('shares at least 90 % of blocks after a 1-byte insert near the start of 4 MiB', () => {
    const data = pseudoRandom(4 * MiB);
    const edited = Buffer.concat([data.subarray(0, 100), Buffer.from([7]), data.subarray(100)]);
    expect(shared(blockHashes(data), blockHashes(edited))).toBeGreaterThanOrEqual(0.9);
  });

  it('shares at least 90 % of blocks between 5 MiB and 8 MiB parts of the same 40 MiB', () => {
    const data = pseudoRandom(40 * MiB, 2);
    const parts5 = partHashes(data, 5 * MiB);
    const parts8 = partHashes(data, 8 * MiB);
    expect(shared(parts8, parts5)).toBeGreaterThanOrEqual(0.9);
    expect(shared(parts5, parts8)).toBeGreaterThanOrEqual(0.9);
  });

  it('changes only the blocks next to a part edge', () => {
    const data = pseudoRandom(16 * MiB, 3);
    const whole = blockHashes(data);
    const parts = partHashes(data, 5 * MiB);
    // Three inner part edges: each can disturb the block it falls in and the one or two after it.
    expect(parts.filter((h) => !whole.includes(h)).length).toBeLessThanOrEqual(3 * 3);
  });
});
