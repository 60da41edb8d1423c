import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { findCutPoints } from '../blocks/index.js';
import { BUCKET, blocksOf, bytes, CHUNKING, useStorage, WRITTEN } from './storage.fixture.js';

function distinctBlocks(data: Buffer): Map<string, number> {
  return new Map(blocksOf(data).map((b) => [b.hash, b.size]));
}

const fx = useStorage();

/** A version of `key` on one blob, in a versioned bucket; answers the blob too. */
async function put(key: string, data: Buffer) {
  const { blobId, size } = await fx.objects.writeBody(Readable.from([data]));
  const version = await fx.commitBlob(key, blobId, size, { nullVersion: false });
  return { blobId, version };
}

describe('ObjectStore: writing a body and committing a version', () => {
  it('writes the body into a PENDING blob that is invisible until committed', async () => {
    const data = bytes(40_000, 1);
    const written = await fx.objects.writeBody(Readable.from([data]));
    expect(written.size).toBe(40_000);
    expect(await fx.rows.blobs.state(written.blobId)).toBe('PENDING');
    expect(await fx.rows.blobs.hasIntent(written.blobId)).toBe(true);
    const offsets: number[] = [];
    for await (const b of fx.rows.blobs.blocks(written.blobId)) offsets.push(b.offset);
    const cuts = findCutPoints(data, CHUNKING);
    expect(offsets).toEqual([0, ...cuts.slice(0, -1)]);
    expect(await fx.objects.current(BUCKET, 'k')).toBeUndefined();
  });

  it('commits a version on the blob: blob COMMITTED, no intent left, every block published and on disk', async () => {
    const data = bytes(40_000, 2);
    const { blobId, version } = await put('k', data);
    const distinct = distinctBlocks(data);
    expect(distinct.size).toBeGreaterThan(10);
    expect(await fx.rows.blobs.state(blobId)).toBe('COMMITTED');
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(false);
    expect(await fx.objects.current(BUCKET, 'k')).toEqual(version);
    expect(await fx.objects.segments(version)).toEqual([
      { partNumber: 1, blobId, start: 0, size: 40_000, etag: '"e"', checksum: null },
    ]);
    for (const hash of distinct.keys()) {
      expect(WRITTEN).toContain(await fx.rows.states.get(hash));
      expect(await fx.store.has(hash)).toBe(true);
      expect(await fx.rows.refs.count(hash)).toBe(1);
    }
    const bytesOnDisk = [...distinct.values()].reduce((a, b) => a + b, 0);
    expect(await fx.store.diskUsage()).toEqual({ blocks: distinct.size, bytes: bytesOnDisk });
  });

  it('stores the same bytes once: a second object of them adds references, not blocks', async () => {
    const data = bytes(30_000, 3);
    const first = await put('one', data);
    const before = await fx.store.diskUsage();
    const second = await put('two', data);
    expect(second.blobId).not.toBe(first.blobId);
    expect(await fx.store.diskUsage()).toEqual(before);
    for (const hash of distinctBlocks(data).keys()) expect(await fx.rows.refs.count(hash)).toBe(2);
  });

  it('stores a block that repeats within one body once, with one reference', async () => {
    const half = bytes(20_000, 4);
    const data = Buffer.concat([half, half]);
    const hashes = blocksOf(data);
    const distinct = distinctBlocks(data);
    expect(distinct.size).toBeLessThan(hashes.length);
    const { blobId } = await put('k', data);
    let rowsOfBlob = 0;
    for await (const _ of fx.rows.blobs.blocks(blobId)) rowsOfBlob++;
    expect(rowsOfBlob).toBe(hashes.length);
    expect((await fx.store.diskUsage()).blocks).toBe(distinct.size);
    for (const hash of distinct.keys()) expect(await fx.rows.refs.count(hash)).toBe(1);
  });

  it('leaves no blob, reference or intent when the body fails, and queues what it wrote', async () => {
    const add = fx.rows.refs.add.bind(fx.rows.refs);
    let referenced = 0;
    vi.spyOn(fx.rows.refs, 'add').mockImplementation(async (hash, blobId) => {
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
    await expect(fx.objects.writeBody(failing)).rejects.toThrow('client went away');
    const t = fx.rows.db.tables;
    expect(t.blobs.scan()).toEqual([]);
    expect(t.blobBlocks.scan()).toEqual([]);
    expect(t.blockRefs.scan()).toEqual([]);
    expect(t.blobIntents.scan()).toEqual([]);
    const queued = new Set((await fx.rows.gcQueue.due(new Date(Date.now() + 1000), 1000)).map((c) => c.hash));
    const onDisk = new Set<string>();
    for await (const b of fx.store.list()) onDisk.add(b.hash);
    expect(onDisk.size).toBeGreaterThan(0);
    expect(queued.size).toBeGreaterThanOrEqual(onDisk.size);
    for (const hash of onDisk) expect(queued.has(hash)).toBe(true);
  });
});
