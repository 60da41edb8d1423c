import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockStore } from './block-store.js';
import { BlockNotFoundError, CorruptBlockError, InvalidBlockHashError } from './errors.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

let dir: string;
let store: BlockStore;
const data = randomBytes(100_000);
const hash = sha256(data);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-blocks-'));
  store = new BlockStore(dir);
  await store.init();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('BlockStore', () => {
  it('stores a block once, under its fan-out path, and reads it back', async () => {
    expect(await store.has(hash)).toBe(false);
    expect(await store.put(hash, data)).toEqual({ created: true });
    expect(await store.put(hash, data)).toEqual({ created: false });
    expect(await store.has(hash)).toBe(true);
    expect((await readFile(path.join(dir, hash.slice(0, 2), hash.slice(2, 4), hash))).equals(data)).toBe(
      true,
    );
    expect((await readAll(store.createReadStream(hash, data.length))).equals(data)).toBe(true);
    expect(await store.verify(hash)).toBe(true);
  });

  it('reads an inclusive byte range and an empty one', async () => {
    await store.put(hash, data);
    const range = await readAll(store.createReadStream(hash, data.length, { start: 10, end: 99 }));
    expect(range.equals(data.subarray(10, 100))).toBe(true);
    expect((await readAll(store.createReadStream(hash, data.length, { start: 5, end: 4 }))).length).toBe(0);
    expect(() => store.createReadStream(hash, data.length, { start: 0, end: data.length })).toThrow(
      RangeError,
    );
  });

  it('reports size and mtime, refreshes the mtime on a dedup hit, and deletes idempotently', async () => {
    expect(await store.stat(hash)).toBeUndefined();
    await store.put(hash, data);
    const file = store.pathOf(hash);
    await utimes(file, new Date(1_000_000), new Date(1_000_000));
    await store.put(hash, data);
    const info = await store.stat(hash);
    expect(info?.size).toBe(data.length);
    expect(info?.mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    await store.delete(hash);
    await store.delete(hash);
    expect(await store.has(hash)).toBe(false);
  });

  it('lists every block and sums disk usage, skipping temp and foreign files', async () => {
    const blocks = [randomBytes(10), randomBytes(2000), randomBytes(30_000)];
    for (const b of blocks) await store.put(sha256(b), b);
    await writeFile(path.join(dir, 'tmp', 'leftover'), 'x');
    await writeFile(path.join(dir, 'README'), 'x');
    const listed = [];
    for await (const block of store.list()) listed.push(block);
    expect(listed.map((b) => b.hash).sort()).toEqual(blocks.map(sha256).sort());
    expect(listed.every((b) => b.mtimeMs > 0)).toBe(true);
    expect(await store.diskUsage()).toEqual({ blocks: 3, bytes: 32_010 });
  });

  it('survives many concurrent puts of one hash with exactly one correct file and no temp files', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => store.put(hash, data)));
    expect(results.some((r) => r.created)).toBe(true);
    expect(await readdir(path.dirname(store.pathOf(hash)))).toEqual([hash]);
    expect((await readFile(store.pathOf(hash))).equals(data)).toBe(true);
    expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('fails a full read of a block with a flipped byte with CorruptBlockError', async () => {
    await store.put(hash, data);
    const handle = await open(store.pathOf(hash), 'r+');
    await handle.write(Buffer.from([data[500]! ^ 0xff]), 0, 1, 500);
    await handle.close();
    await expect(readAll(store.createReadStream(hash, data.length))).rejects.toThrow(CorruptBlockError);
    expect(await store.verify(hash)).toBe(false);
  });

  it('fails any read of a truncated block, and a later put repairs it', async () => {
    await store.put(hash, data);
    await truncate(store.pathOf(hash), 1000);
    await expect(readAll(store.createReadStream(hash, data.length, { start: 0, end: 10 }))).rejects.toThrow(
      CorruptBlockError,
    );
    expect(await store.put(hash, data)).toEqual({ created: true });
    expect((await readAll(store.createReadStream(hash, data.length))).equals(data)).toBe(true);
  });

  it('reports a missing block as BlockNotFoundError and a bad name as InvalidBlockHashError', async () => {
    await expect(readAll(store.createReadStream(hash, 1))).rejects.toThrow(BlockNotFoundError);
    await expect(store.verify(hash)).rejects.toThrow(BlockNotFoundError);
    await expect(store.put('../../etc/passwd', data)).rejects.toThrow(InvalidBlockHashError);
    expect(() => store.createReadStream('A'.repeat(64), 1)).toThrow(InvalidBlockHashError);
  });

  it('clears stale temp files at init and keeps fresh ones', async () => {
    const stale = path.join(dir, 'tmp', 'stale');
    const fresh = path.join(dir, 'tmp', 'fresh');
    await writeFile(stale, 'x');
    await writeFile(fresh, 'x');
    await utimes(stale, new Date(0), new Date(0));
    await store.init();
    expect(await readdir(path.join(dir, 'tmp'))).toEqual(['fresh']);
  });
});
