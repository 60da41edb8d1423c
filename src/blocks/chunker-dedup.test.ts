import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findCutPoints } from '../compute/fastcdc.js';

/**
 * The point of content-defined chunking: shifted or re-partitioned data still maps mostly onto the
 * same blocks. Multipart uploads chunk each part on its own, so only blocks near part edges differ
 * (and re-chunking, storage/dedup/part-edges.ts, then removes even those).
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

/** Share of `next`'s bytes that lie in blocks `base` already has. */
function sharedBytes(base: Buffer, next: Buffer): number {
  const known = new Set(blockHashes(base));
  let start = 0;
  let reused = 0;
  for (const end of findCutPoints(next)) {
    if (known.has(createHash('sha256').update(next.subarray(start, end)).digest('hex')))
      reused += end - start;
    start = end;
  }
  return reused / next.length;
}

describe('dedup with FastCDC at the default sizes', () => {
  it('reuses at least 98 % of the bytes after a 1-byte insert into 64 MiB', () => {
    const data = pseudoRandom(64 * MiB);
    const at = 40 * MiB + 12_345;
    const edited = Buffer.concat([data.subarray(0, at), Buffer.from([7]), data.subarray(at)]);
    expect(sharedBytes(data, edited)).toBeGreaterThanOrEqual(0.98);
  });

  it('shares all blocks but those next to part edges between 5 MiB and 8 MiB parts of 40 MiB', () => {
    const data = pseudoRandom(40 * MiB, 2);
    const parts5 = partHashes(data, 5 * MiB);
    const parts8 = partHashes(data, 8 * MiB);
    // 7 + 4 inner edges, none shared: around each, one side has the edge's blocks and the other
    // the single stream's, up to three blocks.
    expect(parts5.filter((h) => !parts8.includes(h)).length).toBeLessThanOrEqual(3 * 11);
    expect(parts8.filter((h) => !parts5.includes(h)).length).toBeLessThanOrEqual(3 * 11);
  });

  it('changes only the blocks next to a part edge', () => {
    const data = pseudoRandom(16 * MiB, 3);
    const whole = blockHashes(data);
    const parts = partHashes(data, 5 * MiB);
    // Three inner part edges: each can disturb the block it falls in and the one or two after it.
    expect(parts.filter((h) => !whole.includes(h)).length).toBeLessThanOrEqual(3 * 3);
  });
});
