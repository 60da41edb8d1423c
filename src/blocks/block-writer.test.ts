import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BlockStore } from './block-store.js';
import { type BlockSink, BlockWriter, type StoredBlock } from './block-writer.js';
import { Chunker } from './chunker.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeBlocks(blocks: Iterable<Buffer> | Readable, writer: BlockWriter): Promise<StoredBlock[]> {
  const out: StoredBlock[] = [];
  const source = blocks instanceof Readable ? blocks : Readable.from(blocks);
  await pipeline(source, writer, async (descriptors) => {
    for await (const d of descriptors) out.push(d as StoredBlock);
  });
  return out;
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('BlockWriter', () => {
  it('stores chunked data and describes its blocks in order; a second upload creates nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'oks3-writer-'));
    dirs.push(dir);
    const store = new BlockStore(dir);
    await store.init();
    const data = randomBytes(3 * 1024 * 1024);
    const upload = () => writeBlocks(Readable.from([data]).pipe(new Chunker()), new BlockWriter(store));

    const first = await upload();
    expect(first.every((b) => b.created)).toBe(true);
    expect(first.reduce((sum, b) => sum + b.size, 0)).toBe(data.length);
    const stored = await Promise.all(first.map((b) => store.createReadStream(b.hash, b.size).toArray()));
    expect(Buffer.concat(stored.flat()).equals(data)).toBe(true);

    const second = await upload();
    expect(second.map((b) => b.hash)).toEqual(first.map((b) => b.hash));
    expect(second.every((b) => !b.created)).toBe(true);
  });

  it('keeps input order when puts finish out of order, with a bounded number in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const sink: BlockSink = {
      async put(hash) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(Number.parseInt(hash.slice(0, 2), 16) % 7);
        inFlight--;
        return { created: true };
      },
    };
    const blocks = Array.from({ length: 40 }, (_, i) => Buffer.from(`block ${i}`));
    const out = await writeBlocks(blocks, new BlockWriter(sink, { maxInFlight: 3 }));
    expect(out.map((b) => b.hash)).toEqual(blocks.map(sha256));
    expect(peak).toBe(3);
  });

  it('writes a block repeated within one stream once', async () => {
    const puts: string[] = [];
    const sink: BlockSink = {
      async put(hash) {
        puts.push(hash);
        await sleep(5);
        return { created: true };
      },
    };
    const zeros = Buffer.alloc(1000);
    const out = await writeBlocks([zeros, zeros, zeros], new BlockWriter(sink));
    expect(puts).toHaveLength(1);
    expect(out.map((b) => b.created)).toEqual([true, false, false]);
  });

  it('fails the pipeline when a put fails, even one that is not the oldest in flight', async () => {
    const sink: BlockSink = {
      async put(hash) {
        if (hash === sha256(Buffer.from('bad'))) throw new Error('disk full');
        await sleep(20);
        return { created: true };
      },
    };
    const blocks = ['a', 'b', 'bad', 'c', 'd', 'e'].map((s) => Buffer.from(s));
    await expect(writeBlocks(blocks, new BlockWriter(sink))).rejects.toThrow('disk full');
  });

  it('rejects an invalid window size', () => {
    expect(() => new BlockWriter({ put: async () => ({ created: true }) }, { maxInFlight: 0 })).toThrow(
      RangeError,
    );
  });
});
