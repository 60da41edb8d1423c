import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockStore, findCutPoints } from '../blocks/index.js';
import { S3Error } from '../errors.js';
import { createLogger } from '../logger.js';
import { memoryMetadata } from '../metadata/memory/memory-metadata.js';
import type { ObjectVersion, VersionSegment } from '../metadata/object-types.js';
import { collectGarbage } from './background/garbage-collector.js';
import { newVersion } from './new-version.js';
import { ObjectStore } from './object-store.js';
import { VersionSideData } from './version-side-data.js';

const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
const BUCKET = 'bucket';
const log = createLogger('silent');

function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

function hashesOf(data: Buffer): Set<string> {
  let start = 0;
  return new Set(
    findCutPoints(data, CHUNKING).map((end) => {
      const block = data.subarray(start, end);
      start = end;
      return createHash('sha256').update(block).digest('hex');
    }),
  );
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
  objects = new ObjectStore({
    ...rows,
    store,
    sideData: new VersionSideData(rows.acls),
    chunking: CHUNKING,
    log,
  });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fields = (key: string, size: number) => ({
  bucket: BUCKET,
  key,
  size,
  etag: '"e"',
  contentType: 'x/y',
  headers: {},
  userMeta: {},
  nullVersion: true,
});

async function put(key: string, bodies: Buffer[]): Promise<ObjectVersion> {
  const parts = [];
  for (const [i, body] of bodies.entries()) {
    const { blobId, size } = await objects.writeBody(Readable.from([body]));
    parts.push({ partNumber: i + 1, blobId, size, etag: `"p${i}"`, checksum: null });
  }
  return objects.commit(
    newVersion(
      fields(
        key,
        bodies.reduce((n, b) => n + b.length, 0),
      ),
    ),
    parts,
  );
}

async function readAll(version: ObjectVersion): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of await objects.open(version, { start: 0, end: version.size - 1 })) {
    pieces.push(piece as Buffer);
  }
  return Buffer.concat(pieces);
}

describe('ObjectStore: copies by reference', () => {
  it('copies a version into new blobs on the same blocks, writing no block', async () => {
    const [p1, p2] = [bytes(12_000, 1), bytes(9000, 2)];
    const source = await put('src', [p1, p2]);
    const sourceSegments = await objects.segments(source);
    const disk = await store.diskUsage();
    const copied = await objects.copySegments(sourceSegments);
    expect(copied.map((c) => [c.partNumber, c.size, c.etag])).toEqual([
      [1, 12_000, '"p0"'],
      [2, 9000, '"p1"'],
    ]);
    for (const [i, c] of copied.entries()) {
      expect(c.blobId).not.toBe(sourceSegments[i]!.blobId);
      expect(await rows.blobs.state(c.blobId)).toBe('PENDING');
    }
    expect(await store.diskUsage()).toEqual(disk);
    for (const h of [...hashesOf(p1), ...hashesOf(p2)]) expect(await rows.refs.count(h)).toBe(2);
    const copy = await objects.commit(newVersion(fields('dst', source.size)), copied);
    expect((await readAll(copy)).equals(Buffer.concat([p1, p2]))).toBe(true);
    for (const c of copied) expect(await rows.blobs.state(c.blobId)).toBe('COMMITTED');
  });

  it('keeps every block of a copy when its source is deleted and collected', async () => {
    const data = bytes(15_000, 3);
    const source = await put('src', [data]);
    const copied = await objects.copySegments(await objects.segments(source));
    const copy = await objects.commit(newVersion(fields('dst', data.length)), copied);
    await objects.deleteObject(BUCKET, 'src', 'Unversioned');
    const hashes = hashesOf(data);
    expect(await collectGarbage({ ...rows, store, log }, 0)).toEqual({
      examined: hashes.size,
      removed: 0,
      kept: hashes.size,
    });
    for (const h of hashes) expect(await rows.refs.count(h)).toBe(1);
    expect((await readAll(copy)).equals(data)).toBe(true);
  });

  it('fails a copy whose source block is being collected, and discards the copy blob', async () => {
    const data = bytes(8000, 4);
    const source = await put('src', [data]);
    const segments: VersionSegment[] = await objects.segments(source);
    const [victim] = hashesOf(data);
    await rows.states.claimForRemoval(victim!);
    const before = new Set(rows.db.tables.blobs.scan().map((b) => b.blob_id));
    const error = await objects.copySegments(segments).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).code).toBe('NoSuchKey');
    expect(rows.db.tables.blobs.scan().map((b) => b.blob_id)).toEqual([...before]);
    expect(rows.db.tables.blobIntents.scan()).toEqual([]);
  });
});
