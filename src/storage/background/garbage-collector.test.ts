import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlockStore, findCutPoints } from '../../blocks/index.js';
import { createLogger } from '../../logger.js';
import { memoryMetadata } from '../../metadata/memory/memory-metadata.js';
import type { ObjectVersion } from '../../metadata/object-types.js';
import { newVersion } from '../new-version.js';
import { ObjectStore } from '../object-store.js';
import { VersionSideData } from '../version-side-data.js';
import { type CollectorDeps, collectGarbage } from './garbage-collector.js';

const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
const BUCKET = 'bucket';
const GRACE_SECONDS = 600;
const log = createLogger('silent');

/**
 * The state a block reads as once a writer published it: ONLINE under the publisher that claims
 * blocks with LWTs, no row under a claim-free publisher. Either way, not REMOVING.
 */
const WRITTEN: readonly (string | undefined)[] = ['ONLINE', undefined];
function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

function hashesOf(data: Buffer): string[] {
  let start = 0;
  const hashes = findCutPoints(data, CHUNKING).map((end) => {
    const block = data.subarray(start, end);
    start = end;
    return createHash('sha256').update(block).digest('hex');
  });
  return [...new Set(hashes)];
}

let dir: string;
let rows: ReturnType<typeof memoryMetadata>;
let store: BlockStore;
let objects: ObjectStore;
let deps: CollectorDeps;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-gc-'));
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
  deps = { ...rows, store, log };
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function put(key: string, data: Buffer): Promise<ObjectVersion> {
  const { blobId, size } = await objects.writeBody(Readable.from([data]));
  const fields = { bucket: BUCKET, key, size, etag: '"e"', contentType: 'x/y', headers: {}, userMeta: {} };
  return objects.commit(newVersion({ ...fields, nullVersion: true }), [
    { partNumber: 1, blobId, size, etag: '"e"', checksum: null },
  ]);
}

async function readAll(version: ObjectVersion): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of await objects.open(version, { start: 0, end: version.size - 1 })) {
    pieces.push(piece as Buffer);
  }
  return Buffer.concat(pieces);
}

/** The block is on disk and its state lets writers use it. */
async function expectWritten(hash: string): Promise<void> {
  expect(await store.has(hash)).toBe(true);
  expect(WRITTEN).toContain(await rows.states.get(hash));
}

/** Resolves once a writer has added its reference to `hash` (the spy passes every call through). */
function referenced(hash: string): Promise<void> {
  const add = rows.refs.add.bind(rows.refs);
  return new Promise((resolve) => {
    vi.spyOn(rows.refs, 'add').mockImplementation(async (h, blobId) => {
      await add(h, blobId);
      if (h === hash) resolve();
    });
  });
}

describe('garbage collector', () => {
  it('removes only unreferenced blocks, and only once the grace period has passed', async () => {
    const shared = bytes(12_000, 1);
    const a = Buffer.concat([shared, bytes(12_000, 2)]);
    const b = Buffer.concat([shared, bytes(12_000, 3)]);
    const [ha, hb] = [hashesOf(a), new Set(hashesOf(b))];
    const onlyA = ha.filter((h) => !hb.has(h));
    expect(ha.length - onlyA.length).toBeGreaterThan(3);
    await put('a', a);
    const vb = await put('b', b);
    await objects.deleteObject(BUCKET, 'a', 'Unversioned');
    expect(await collectGarbage(deps, GRACE_SECONDS)).toEqual({ examined: 0, removed: 0, kept: 0 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (GRACE_SECONDS - 5) * 1000);
    expect(await collectGarbage(deps, GRACE_SECONDS)).toEqual({ examined: 0, removed: 0, kept: 0 });
    vi.setSystemTime(Date.now() + 10_000);
    expect(await collectGarbage(deps, GRACE_SECONDS)).toEqual({
      examined: ha.length,
      removed: onlyA.length,
      kept: ha.length - onlyA.length,
    });
    for (const h of onlyA) expect([await store.has(h), await rows.states.get(h)]).toEqual([false, undefined]);
    for (const h of hb) await expectWritten(h);
    expect(await rows.gcQueue.due(new Date(Date.now() + 1000), 1000)).toEqual([]);
    expect((await readAll(vb)).equals(b)).toBe(true);
  });

  it('keeps every block that was referenced again before the pass', async () => {
    const data = bytes(20_000, 4);
    await put('a', data);
    await objects.deleteObject(BUCKET, 'a', 'Unversioned');
    const again = await put('b', data);
    const hashes = hashesOf(data);
    expect(await collectGarbage(deps, 0)).toEqual({
      examined: hashes.length,
      removed: 0,
      kept: hashes.length,
    });
    for (const h of hashes) await expectWritten(h);
    expect((await readAll(again)).equals(data)).toBe(true);
  });

  it('restores a block that a writer references between the claim and the re-check', async () => {
    const data = bytes(200, 5); // below the minimum block size: one block
    const [hash] = hashesOf(data);
    await put('a', data);
    await objects.deleteObject(BUCKET, 'a', 'Unversioned');
    let interleavings = 0;
    let writer: Promise<ObjectVersion> | undefined;
    const claim = rows.states.claimForRemoval.bind(rows.states);
    vi.spyOn(rows.states, 'claimForRemoval').mockImplementation(async (h) => {
      const previous = await claim(h);
      if (h === hash && previous !== undefined && !writer) {
        const reference = referenced(hash!);
        writer = put('b', data);
        await reference;
        interleavings += 1;
      }
      return previous;
    });
    const stats = await collectGarbage(deps, 0);
    const version = await writer!;
    expect(interleavings).toBe(1);
    expect(stats).toEqual({ examined: 1, removed: 0, kept: 1 });
    await expectWritten(hash!);
    expect(await rows.refs.count(hash!)).toBe(1);
    expect((await readAll(version)).equals(data)).toBe(true);
  });

  it('lets a writer that references a block after the re-check write it again', async () => {
    const data = bytes(200, 6);
    const [hash] = hashesOf(data);
    await put('a', data);
    await objects.deleteObject(BUCKET, 'a', 'Unversioned');
    let interleavings = 0;
    let writer: Promise<ObjectVersion> | undefined;
    const remove = store.delete.bind(store);
    vi.spyOn(store, 'delete').mockImplementation(async (h) => {
      if (h === hash && !writer) {
        const reference = referenced(hash!);
        writer = put('b', data);
        await reference;
        interleavings += 1;
      }
      await remove(h);
    });
    const stats = await collectGarbage(deps, 0);
    const version = await writer!;
    expect(interleavings).toBe(1);
    expect(stats).toEqual({ examined: 1, removed: 1, kept: 0 });
    await expectWritten(hash!);
    expect(await rows.refs.count(hash!)).toBe(1);
    expect((await readAll(version)).equals(data)).toBe(true);
  });

  it("takes over a dead collector's removal claim only once it is stale", async () => {
    const data = bytes(200, 7);
    const [hash] = hashesOf(data);
    await put('a', data);
    await objects.deleteObject(BUCKET, 'a', 'Unversioned');
    expect(['ONLINE', 'ABSENT']).toContain(await rows.states.claimForRemoval(hash!)); // a collector that dies
    expect(await collectGarbage(deps, 0, 200, 300)).toEqual({ examined: 1, removed: 0, kept: 0 });
    expect([await store.has(hash!), await rows.states.get(hash!)]).toEqual([true, 'REMOVING']);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 301_000);
    expect(await collectGarbage(deps, 0, 200, 300)).toEqual({ examined: 1, removed: 1, kept: 0 });
    expect([await store.has(hash!), await rows.states.get(hash!)]).toEqual([false, undefined]);
  });

  it('decides nothing on a failed read: the block and its queue entry stay', async () => {
    const data = bytes(200, 8);
    const [hash] = hashesOf(data);
    await put('a', data);
    await objects.deleteObject(BUCKET, 'a', 'Unversioned');
    vi.spyOn(rows.refs, 'isReferenced').mockRejectedValueOnce(new Error('read timeout'));
    await expect(collectGarbage(deps, 0)).rejects.toThrow('read timeout');
    await expectWritten(hash!);
    expect((await rows.gcQueue.due(new Date(Date.now() + 1000), 10)).map((c) => c.hash)).toEqual([hash]);
    expect(await collectGarbage(deps, 0)).toEqual({ examined: 1, removed: 1, kept: 0 });
  });
});
