import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockNotFoundError, BlockStore } from '../blocks/index.js';
import { createLogger } from '../logger.js';
import { memoryMetadata } from '../metadata/memory/memory-metadata.js';
import type { ObjectVersion } from '../metadata/object-types.js';
import { newVersion } from './new-version.js';
import { ObjectStore } from './object-store.js';
import { VersionSideData } from './version-side-data.js';

const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
const BUCKET = 'bucket';

function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

let dir: string;
let rows: ReturnType<typeof memoryMetadata>;
let store: BlockStore;
let objects: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-storage-'));
  store = new BlockStore(dir);
  await store.init();
  rows = memoryMetadata();
  const sideData = new VersionSideData(rows.acls);
  objects = new ObjectStore({ ...rows, store, sideData, chunking: CHUNKING, log: createLogger('silent') });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A version made of one segment per body (a multipart object when there are several). */
async function putSegments(
  key: string,
  bodies: Buffer[],
  inline: Buffer | null = null,
): Promise<ObjectVersion> {
  const parts = [];
  for (const [i, body] of bodies.entries()) {
    const { blobId, size } = await objects.writeBody(Readable.from([body]));
    parts.push({ partNumber: i + 1, blobId, size, etag: `"p${i + 1}"`, checksum: null });
  }
  const size = inline?.length ?? bodies.reduce((n, b) => n + b.length, 0);
  const fields = { bucket: BUCKET, key, size, etag: '"e"', contentType: 'x/y', headers: {}, userMeta: {} };
  return objects.commit(newVersion({ ...fields, nullVersion: true, inline }), parts);
}

describe('ObjectStore: reading ranges', () => {
  it('reads any range of a two-segment object back byte-exact', async () => {
    const [first, second] = [bytes(30_000, 1), bytes(20_000, 2)];
    const whole = Buffer.concat([first, second]);
    const version = await putSegments('k', [first, second]);
    const segments = await objects.segments(version);
    expect(segments.map((s) => [s.start, s.size])).toEqual([
      [0, 30_000],
      [30_000, 20_000],
    ]);
    const ranges: [number, number][] = [
      [0, 49_999],
      [0, 0],
      [49_999, 49_999],
      [29_999, 30_000],
      [30_000, 30_000],
      [12_345, 40_001],
    ];
    let seed = 7;
    for (let i = 0; i < 40; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const start = seed % 50_000;
      ranges.push([start, Math.min(49_999, start + (seed % 7000))]);
    }
    for (const [start, end] of ranges) {
      const got = await readAll(await objects.open(version, { start, end }));
      expect(got.equals(whole.subarray(start, end + 1)), `bytes ${start}-${end}`).toBe(true);
    }
  });

  it('reads an inline version from its row, and an empty body as no bytes', async () => {
    const inline = await putSegments('small', [], Buffer.from('hello, world'));
    expect((await readAll(await objects.open(inline, { start: 7, end: 11 }))).toString()).toBe('world');
    const empty = await putSegments('empty', [Buffer.alloc(0)]);
    expect((await objects.segments(empty)).map((s) => s.size)).toEqual([0]);
    expect(await readAll(await objects.open(empty, { start: 0, end: -1 }))).toEqual(Buffer.alloc(0));
  });

  it('fails the stream instead of ending it when a block is missing on disk', async () => {
    const data = bytes(20_000, 3);
    const version = await putSegments('k', [data]);
    const [segment] = await objects.segments(version);
    const hashes: string[] = [];
    for await (const b of rows.blobs.blocks(segment!.blobId)) hashes.push(b.hash);
    await store.delete(hashes[3]!);
    await expect(readAll(await objects.open(version, { start: 0, end: 19_999 }))).rejects.toBeInstanceOf(
      BlockNotFoundError,
    );
    // A range before the missing block still reads.
    const head = await readAll(await objects.open(version, { start: 0, end: 99 }));
    expect(head.equals(data.subarray(0, 100))).toBe(true);
  });
});
