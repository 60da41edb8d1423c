import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlockStore, findCutPoints } from '../blocks/index.js';
import { createLogger } from '../logger.js';
import { memoryMetadata } from '../metadata/memory/memory-metadata.js';
import { newVersion } from './new-version.js';
import { ObjectStore } from './object-store.js';
import { VersionSideData } from './version-side-data.js';

/** Small blocks, so a few tens of KiB make dozens of them. */
const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
const BUCKET = 'bucket';

/**
 * The state a block reads as once a writer published it: ONLINE under the publisher that claims
 * blocks with LWTs, no row under a claim-free publisher. Either way, not REMOVING.
 */
const WRITTEN: readonly (string | undefined)[] = ['ONLINE', undefined];
function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

/** The blocks the chunker cuts `data` into, computed independently of the store. */
function blocksOf(data: Buffer): { hash: string; size: number }[] {
  let start = 0;
  return findCutPoints(data, CHUNKING).map((end) => {
    const block = data.subarray(start, end);
    start = end;
    return { hash: createHash('sha256').update(block).digest('hex'), size: block.length };
  });
}

function distinctBlocks(data: Buffer): Map<string, number> {
  return new Map(blocksOf(data).map((b) => [b.hash, b.size]));
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

async function put(key: string, data: Buffer) {
  const { blobId, size } = await objects.writeBody(Readable.from([data]));
  const fields = { bucket: BUCKET, key, size, etag: '"e"', contentType: 'x/y', headers: {}, userMeta: {} };
  const version = await objects.commit(newVersion({ ...fields, nullVersion: false }), [
    { partNumber: 1, blobId, size, etag: '"e"', checksum: null },
  ]);
  return { blobId, version };
}

describe('ObjectStore: writing a body and committing a version', () => {
  it('writes the body into a PENDING blob that is invisible until committed', async () => {
    const data = bytes(40_000, 1);
    const written = await objects.writeBody(Readable.from([data]));
    expect(written.size).toBe(40_000);
    expect(await rows.blobs.state(written.blobId)).toBe('PENDING');
    expect(await rows.blobs.hasIntent(written.blobId)).toBe(true);
    const offsets: number[] = [];
    for await (const b of rows.blobs.blocks(written.blobId)) offsets.push(b.offset);
    const cuts = findCutPoints(data, CHUNKING);
    expect(offsets).toEqual([0, ...cuts.slice(0, -1)]);
    expect(await objects.current(BUCKET, 'k')).toBeUndefined();
  });

  it('commits a version on the blob: blob COMMITTED, no intent left, every block published and on disk', async () => {
    const data = bytes(40_000, 2);
    const { blobId, version } = await put('k', data);
    const distinct = distinctBlocks(data);
    expect(distinct.size).toBeGreaterThan(10);
    expect(await rows.blobs.state(blobId)).toBe('COMMITTED');
    expect(await rows.blobs.hasIntent(blobId)).toBe(false);
    expect(await objects.current(BUCKET, 'k')).toEqual(version);
    expect(await objects.segments(version)).toEqual([
      { partNumber: 1, blobId, start: 0, size: 40_000, etag: '"e"', checksum: null },
    ]);
    for (const hash of distinct.keys()) {
      expect(WRITTEN).toContain(await rows.states.get(hash));
      expect(await store.has(hash)).toBe(true);
      expect(await rows.refs.count(hash)).toBe(1);
    }
    const bytesOnDisk = [...distinct.values()].reduce((a, b) => a + b, 0);
    expect(await store.diskUsage()).toEqual({ blocks: distinct.size, bytes: bytesOnDisk });
  });

  it('stores the same bytes once: a second object of them adds references, not blocks', async () => {
    const data = bytes(30_000, 3);
    const first = await put('one', data);
    const before = await store.diskUsage();
    const second = await put('two', data);
    expect(second.blobId).not.toBe(first.blobId);
    expect(await store.diskUsage()).toEqual(before);
    for (const hash of distinctBlocks(data).keys()) expect(await rows.refs.count(hash)).toBe(2);
  });

  it('stores a block that repeats within one body once, with one reference', async () => {
    const half = bytes(20_000, 4);
    const data = Buffer.concat([half, half]);
    const hashes = blocksOf(data);
    const distinct = distinctBlocks(data);
    expect(distinct.size).toBeLessThan(hashes.length);
    const { blobId } = await put('k', data);
    let rowsOfBlob = 0;
    for await (const _ of rows.blobs.blocks(blobId)) rowsOfBlob++;
    expect(rowsOfBlob).toBe(hashes.length);
    expect((await store.diskUsage()).blocks).toBe(distinct.size);
    for (const hash of distinct.keys()) expect(await rows.refs.count(hash)).toBe(1);
  });

  it('leaves no blob, reference or intent when the body fails, and queues what it wrote', async () => {
    const add = rows.refs.add.bind(rows.refs);
    let referenced = 0;
    vi.spyOn(rows.refs, 'add').mockImplementation(async (hash, blobId) => {
      await add(hash, blobId);
      referenced++;
    });
    const failing = Readable.from(
      (async function* () {
        yield bytes(30_000, 5);
        while (referenced === 0) await new Promise((r) => setTimeout(r, 2));
        throw new Error('client went away');
      })(),
    );
    await expect(objects.writeBody(failing)).rejects.toThrow('client went away');
    const t = rows.db.tables;
    expect(t.blobs.scan()).toEqual([]);
    expect(t.blobBlocks.scan()).toEqual([]);
    expect(t.blockRefs.scan()).toEqual([]);
    expect(t.blobIntents.scan()).toEqual([]);
    const queued = new Set((await rows.gcQueue.due(new Date(Date.now() + 1000), 1000)).map((c) => c.hash));
    const onDisk = new Set<string>();
    for await (const b of store.list()) onDisk.add(b.hash);
    expect(onDisk.size).toBeGreaterThan(0);
    expect(queued.size).toBeGreaterThanOrEqual(onDisk.size);
    for (const hash of onDisk) expect(queued.has(hash)).toBe(true);
  });
});
