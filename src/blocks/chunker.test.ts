import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKER_OPTIONS, findCutPoints, resolveChunkerOptions } from '../compute/fastcdc.js';
import { Chunker } from './chunker.js';

const MiB = 1024 * 1024;
const { minSize, avgSize, maxSize } = DEFAULT_CHUNKER_OPTIONS;

function pseudoRandom(size: number, seed = 1): Buffer {
  const key = createHash('sha256').update(`test ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

/** Cuts `data` into pieces of random lengths in [1, maxPiece], reproducibly. */
function randomSlices(data: Buffer, maxPiece: number, seed: number): Buffer[] {
  const lengths = pseudoRandom(data.length, seed);
  const slices: Buffer[] = [];
  for (let off = 0, i = 0; off < data.length; i++) {
    const n = 1 + (lengths.readUInt32LE((i * 4) % (lengths.length - 4)) % maxPiece);
    slices.push(data.subarray(off, off + n));
    off += n;
  }
  return slices;
}

async function chunkStream(slices: Buffer[], options = {}): Promise<Buffer[]> {
  const blocks: Buffer[] = [];
  await pipeline(Readable.from(slices, { objectMode: false }), new Chunker(options), async (source) => {
    for await (const block of source) blocks.push(block as Buffer);
  });
  return blocks;
}

function sizesOf(cuts: number[]): number[] {
  return cuts.map((end, i) => end - (cuts[i - 1] ?? 0));
}

describe('findCutPoints', () => {
  const data = pseudoRandom(16 * MiB);
  const sizes = sizesOf(findCutPoints(data));

  it('returns no block for empty input and one block for input shorter than minSize', () => {
    expect(findCutPoints(Buffer.alloc(0))).toEqual([]);
    expect(findCutPoints(pseudoRandom(1000))).toEqual([1000]);
  });

  it('keeps every block but the last within [minSize, maxSize]', () => {
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(minSize);
      expect(size).toBeLessThanOrEqual(maxSize);
    }
    expect(sizes.at(-1)).toBeLessThanOrEqual(maxSize);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(data.length);
  });

  it('averages near avgSize on random data', () => {
    const mean = data.length / sizes.length;
    expect(mean).toBeGreaterThan(avgSize * 0.9);
    expect(mean).toBeLessThan(avgSize * 1.25);
  });

  it('cuts data without any boundary (a run of zeros) at maxSize', () => {
    expect(sizesOf(findCutPoints(Buffer.alloc(3 * maxSize + 5)))).toEqual([maxSize, maxSize, maxSize, 5]);
  });

  it('is a pure function of the bytes', () => {
    expect(findCutPoints(data.subarray(0, 4 * MiB))).toEqual(
      findCutPoints(Buffer.from(data.subarray(0, 4 * MiB))),
    );
  });
});

describe('resolveChunkerOptions', () => {
  it('accepts the defaults and a non-power-of-two average', () => {
    expect(resolveChunkerOptions()).toMatchObject(DEFAULT_CHUNKER_OPTIONS);
    expect(() => resolveChunkerOptions({ minSize: 1000, avgSize: 3000, maxSize: 9000 })).not.toThrow();
  });

  it.each([
    { minSize: 64 * 1024, avgSize: 64 * 1024, maxSize: 256 * 1024 },
    { minSize: 16 * 1024, avgSize: 300 * 1024, maxSize: 256 * 1024 },
    { minSize: 16.5, avgSize: 64 * 1024, maxSize: 256 * 1024 },
    { minSize: 0, avgSize: 64, maxSize: 256 },
    { minSize: 1024, avgSize: 2 ** 29, maxSize: 2 ** 30 },
  ])('rejects %o with a RangeError', (options) => {
    expect(() => resolveChunkerOptions(options)).toThrow(RangeError);
  });
});

describe('Chunker', () => {
  const data = pseudoRandom(6 * MiB, 2);
  const expected = sizesOf(findCutPoints(data));

  it.each([
    [64 * 1024, 3],
    [7, 4],
    [3 * MiB, 5],
    [maxSize + 1, 6],
  ])('cuts at the same points whatever the input slicing (pieces up to %i bytes)', async (maxPiece, seed) => {
    const blocks = await chunkStream(randomSlices(data, maxPiece, seed));
    expect(blocks.map((b) => b.length)).toEqual(expected);
    expect(Buffer.concat(blocks).equals(data)).toBe(true);
  });

  it('emits nothing for an empty stream and one block for a short one', async () => {
    expect(await chunkStream([])).toEqual([]);
    expect((await chunkStream([Buffer.from('hello')])).map(String)).toEqual(['hello']);
  });

  it('passes its options to the cut-point search', async () => {
    const options = { minSize: 1024, avgSize: 4096, maxSize: 16384 };
    const blocks = await chunkStream([data.subarray(0, MiB)], options);
    expect(blocks.map((b) => b.length)).toEqual(sizesOf(findCutPoints(data.subarray(0, MiB), options)));
  });

  it('stops pulling input while nobody reads its blocks', async () => {
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 256; i++) {
          pulled += 256 * 1024;
          yield pseudoRandom(256 * 1024, i);
        }
      })(),
      { objectMode: false },
    );
    const chunker = new Chunker();
    source.pipe(chunker);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Input flowed until cut blocks waited for a reader (at least one 256 KiB piece), then stopped.
    expect(pulled).toBeGreaterThanOrEqual(256 * 1024);
    expect(chunker.readableLength).toBeGreaterThanOrEqual(1);
    expect(pulled).toBeLessThan(8 * MiB);
    source.destroy();
    chunker.destroy();
  });
});
