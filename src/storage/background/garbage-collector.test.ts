import { describe, expect, it, vi } from 'vitest';
import type { ObjectVersion } from '../../metadata/object-types.js';
import { BUCKET, bytes, hashesOf, useStorage, WRITTEN } from '../storage.fixture.js';
import { collectGarbage } from './garbage-collector.js';

const GRACE_SECONDS = 600;

const fx = useStorage();
const deps = () => fx.collectorDeps();

/** The block is on disk and its state lets writers use it. */
async function expectWritten(hash: string): Promise<void> {
  expect(await fx.store.has(hash)).toBe(true);
  expect(WRITTEN).toContain(await fx.rows.states.get(hash));
}

/** Resolves once a writer has added its reference to `hash` (the spy passes every call through). */
function referenced(hash: string): Promise<void> {
  const add = fx.rows.refs.add.bind(fx.rows.refs);
  return new Promise((resolve) => {
    vi.spyOn(fx.rows.refs, 'add').mockImplementation(async (h, blobId) => {
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
    await fx.put('a', a);
    const vb = await fx.put('b', b);
    await fx.objects.deleteObject(BUCKET, 'a', 'Unversioned');
    expect(await collectGarbage(deps(), GRACE_SECONDS)).toEqual({ examined: 0, removed: 0, kept: 0 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (GRACE_SECONDS - 5) * 1000);
    expect(await collectGarbage(deps(), GRACE_SECONDS)).toEqual({ examined: 0, removed: 0, kept: 0 });
    vi.setSystemTime(Date.now() + 10_000);
    expect(await collectGarbage(deps(), GRACE_SECONDS)).toEqual({
      examined: ha.length,
      removed: onlyA.length,
      kept: ha.length - onlyA.length,
    });
    for (const h of onlyA)
      expect([await fx.store.has(h), await fx.rows.states.get(h)]).toEqual([false, undefined]);
    for (const h of hb) await expectWritten(h);
    expect(await fx.rows.gcQueue.due(new Date(Date.now() + 1000), 1000)).toEqual([]);
    expect((await fx.read(vb)).equals(b)).toBe(true);
  });

  it('keeps every block that was referenced again before the pass', async () => {
    const data = bytes(20_000, 4);
    await fx.put('a', data);
    await fx.objects.deleteObject(BUCKET, 'a', 'Unversioned');
    const again = await fx.put('b', data);
    const hashes = hashesOf(data);
    expect(await collectGarbage(deps(), 0)).toEqual({
      examined: hashes.length,
      removed: 0,
      kept: hashes.length,
    });
    for (const h of hashes) await expectWritten(h);
    expect((await fx.read(again)).equals(data)).toBe(true);
  });

  it('restores a block that a writer references between the claim and the re-check', async () => {
    const data = bytes(200, 5); // below the minimum block size: one block
    const [hash] = hashesOf(data);
    await fx.put('a', data);
    await fx.objects.deleteObject(BUCKET, 'a', 'Unversioned');
    let interleavings = 0;
    let writer: Promise<ObjectVersion> | undefined;
    const claim = fx.rows.states.claimForRemoval.bind(fx.rows.states);
    vi.spyOn(fx.rows.states, 'claimForRemoval').mockImplementation(async (h) => {
      const previous = await claim(h);
      if (h === hash && previous !== undefined && !writer) {
        const reference = referenced(hash!);
        writer = fx.put('b', data);
        await reference;
        interleavings += 1;
      }
      return previous;
    });
    const stats = await collectGarbage(deps(), 0);
    const version = await writer!;
    expect(interleavings).toBe(1);
    expect(stats).toEqual({ examined: 1, removed: 0, kept: 1 });
    await expectWritten(hash!);
    expect(await fx.rows.refs.count(hash!)).toBe(1);
    expect((await fx.read(version)).equals(data)).toBe(true);
  });

  it('lets a writer that references a block after the re-check write it again', async () => {
    const data = bytes(200, 6);
    const [hash] = hashesOf(data);
    await fx.put('a', data);
    await fx.objects.deleteObject(BUCKET, 'a', 'Unversioned');
    let interleavings = 0;
    let writer: Promise<ObjectVersion> | undefined;
    const remove = fx.store.delete.bind(fx.store);
    vi.spyOn(fx.store, 'delete').mockImplementation(async (h) => {
      if (h === hash && !writer) {
        const reference = referenced(hash!);
        writer = fx.put('b', data);
        await reference;
        interleavings += 1;
      }
      await remove(h);
    });
    const stats = await collectGarbage(deps(), 0);
    const version = await writer!;
    expect(interleavings).toBe(1);
    expect(stats).toEqual({ examined: 1, removed: 1, kept: 0 });
    await expectWritten(hash!);
    expect(await fx.rows.refs.count(hash!)).toBe(1);
    expect((await fx.read(version)).equals(data)).toBe(true);
  });

  it("takes over a dead collector's removal claim only once it is stale", async () => {
    const data = bytes(200, 7);
    const [hash] = hashesOf(data);
    await fx.put('a', data);
    await fx.objects.deleteObject(BUCKET, 'a', 'Unversioned');
    expect(['ONLINE', 'ABSENT']).toContain(await fx.rows.states.claimForRemoval(hash!)); // a collector that dies
    expect(await collectGarbage(deps(), 0, 200, 300)).toEqual({ examined: 1, removed: 0, kept: 0 });
    expect([await fx.store.has(hash!), await fx.rows.states.get(hash!)]).toEqual([true, 'REMOVING']);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 301_000);
    expect(await collectGarbage(deps(), 0, 200, 300)).toEqual({ examined: 1, removed: 1, kept: 0 });
    expect([await fx.store.has(hash!), await fx.rows.states.get(hash!)]).toEqual([false, undefined]);
  });

  it('decides nothing on a failed read: the block and its queue entry stay', async () => {
    const data = bytes(200, 8);
    const [hash] = hashesOf(data);
    await fx.put('a', data);
    await fx.objects.deleteObject(BUCKET, 'a', 'Unversioned');
    vi.spyOn(fx.rows.refs, 'isReferenced').mockRejectedValueOnce(new Error('read timeout'));
    // The failure is logged and the pass goes on; nothing was decided for this block.
    expect(await collectGarbage(deps(), 0)).toEqual({ examined: 1, removed: 0, kept: 0 });
    await expectWritten(hash!);
    expect((await fx.rows.gcQueue.due(new Date(Date.now() + 1000), 10)).map((c) => c.hash)).toEqual([hash]);
    expect(await collectGarbage(deps(), 0)).toEqual({ examined: 1, removed: 1, kept: 0 });
  });

  it('goes on past a block it cannot collect now, and collects it on a later pass', async () => {
    const data = bytes(12_000, 9);
    await fx.put('k', data);
    await fx.objects.deleteObject(BUCKET, 'k', 'Unversioned');
    const hashes = hashesOf(data);
    expect(hashes.length).toBeGreaterThan(3);
    const claim = fx.rows.states.claimForRemoval.bind(fx.rows.states);
    let refused = 0;
    vi.spyOn(fx.rows.states, 'claimForRemoval').mockImplementation(async (hash) => {
      if (hash === hashes[0] && refused++ === 0) throw new Error('Cassandra timed out');
      return claim(hash);
    });
    expect(await collectGarbage(deps(), 0)).toEqual({
      examined: hashes.length,
      removed: hashes.length - 1,
      kept: 0,
    });
    expect(refused).toBe(1);
    expect(await fx.store.has(hashes[0]!)).toBe(true);
    expect(await collectGarbage(deps(), 0)).toEqual({ examined: 1, removed: 1, kept: 0 });
    for (const h of hashes) expect(await fx.store.has(h)).toBe(false);
  });
});
