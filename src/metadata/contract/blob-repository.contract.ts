import { beforeEach, describe, expect, it } from 'vitest';
import type { BlobIntent } from '../blob-repository.js';
import type { BlobRows } from '../ports.js';
import { isBetween, type MakeSubject } from './contract-subject.js';

/** The intents of `ids` only (the table may hold other tests' intents), in a stable order. */
async function intentsOf(blobs: BlobRows, ids: readonly string[]): Promise<BlobIntent[]> {
  const out: BlobIntent[] = [];
  for await (const intent of blobs.intents()) if (ids.includes(intent.blobId)) out.push(intent);
  return out.sort((a, b) => `${a.blobId}${a.reason}`.localeCompare(`${b.blobId}${b.reason}`));
}

async function blocksOf(blobs: BlobRows, id: string, from?: number): Promise<number[]> {
  const offsets: number[] = [];
  for await (const b of blobs.blocks(id, from)) offsets.push(b.offset);
  return offsets;
}

/** What storage relies on in BlobRepository: blob states moved by LWTs, ordered block rows, intents. */
export function describeBlobRepositoryContract(make: MakeSubject): void {
  describe('BlobRepository contract', () => {
    let blobs: BlobRows;
    let elapse: (ms: number) => Promise<void>;
    beforeEach(async () => {
      const subject = await make();
      blobs = subject.rows.blobs;
      elapse = subject.elapse;
    });

    it('gives every blob a new version 1 UUID', () => {
      const ids = new Set(Array.from({ length: 100 }, () => blobs.newId()));
      expect(ids.size).toBe(100);
      for (const id of ids)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('begins a blob PENDING with a write intent that names no owner yet', async () => {
      const id = blobs.newId();
      const before = Date.now();
      await blobs.begin(id);
      const after = Date.now();
      expect(await blobs.state(id)).toBe('PENDING');
      expect(await blobs.hasIntent(id)).toBe(true);
      const [intent, ...others] = await intentsOf(blobs, [id]);
      expect(others).toEqual([]);
      expect(intent).toMatchObject({ blobId: id, reason: 'write', owner: null });
      expect(intent!.shard).toBe(Number.parseInt(id.slice(6, 8), 16) % 16);
      expect(isBetween(intent!.since, before, after)).toBe(true);
    });

    it('commits a PENDING blob exactly once, after which it cannot be abandoned', async () => {
      const id = blobs.newId();
      await blobs.begin(id);
      expect(await blobs.commit(id, 1234)).toBe(true);
      expect(await blobs.commit(id, 1234)).toBe(false);
      expect(await blobs.abandon(id)).toBe(false);
      expect(await blobs.state(id)).toBe('COMMITTED');
    });

    it('abandons a PENDING blob exactly once, after which it can never be committed', async () => {
      const id = blobs.newId();
      await blobs.begin(id);
      expect(await blobs.abandon(id)).toBe(true);
      expect(await blobs.abandon(id)).toBe(false);
      expect(await blobs.commit(id, 10)).toBe(false);
      expect(await blobs.state(id)).toBe('ABANDONED');
    });

    it('refuses to commit or abandon a blob never begun, and creates no row for it', async () => {
      const id = blobs.newId();
      expect(await blobs.commit(id, 10)).toBe(false);
      expect(await blobs.abandon(id)).toBe(false);
      expect(await blobs.state(id)).toBeUndefined();
    });

    it("lists a blob's blocks in offset order, whatever order their rows were written in", async () => {
      const id = blobs.newId();
      await blobs.addBlocks(id, [
        { offset: 300, hash: 'c'.repeat(64), size: 50 },
        { offset: 0, hash: 'a'.repeat(64), size: 100 },
      ]);
      await blobs.addBlocks(id, []);
      await blobs.addBlocks(id, [{ offset: 100, hash: 'b'.repeat(64), size: 200 }]);
      const listed = [];
      for await (const b of blobs.blocks(id)) listed.push(b);
      expect(listed).toEqual([
        { offset: 0, hash: 'a'.repeat(64), size: 100 },
        { offset: 100, hash: 'b'.repeat(64), size: 200 },
        { offset: 300, hash: 'c'.repeat(64), size: 50 },
      ]);
    });

    it('starts a block listing at the block that holds the offset asked for', async () => {
      const id = blobs.newId();
      await blobs.addBlocks(id, [
        { offset: 0, hash: 'a'.repeat(64), size: 100 },
        { offset: 100, hash: 'b'.repeat(64), size: 200 },
        { offset: 300, hash: 'c'.repeat(64), size: 50 },
      ]);
      expect(await blocksOf(blobs, id, 0)).toEqual([0, 100, 300]);
      expect(await blocksOf(blobs, id, 99)).toEqual([0, 100, 300]);
      expect(await blocksOf(blobs, id, 100)).toEqual([100, 300]);
      expect(await blocksOf(blobs, id, 299)).toEqual([100, 300]);
      expect(await blocksOf(blobs, id, 300)).toEqual([300]);
      expect(await blocksOf(blobs, id, 10_000)).toEqual([300]);
      expect(await blocksOf(blobs, blobs.newId(), 50)).toEqual([]);
    });

    it('keeps one row per offset: a row written again replaces the first', async () => {
      const id = blobs.newId();
      await blobs.addBlocks(id, [{ offset: 0, hash: 'a'.repeat(64), size: 100 }]);
      await blobs.addBlocks(id, [{ offset: 0, hash: 'd'.repeat(64), size: 90 }]);
      const listed = [];
      for await (const b of blobs.blocks(id)) listed.push(b);
      expect(listed).toEqual([{ offset: 0, hash: 'd'.repeat(64), size: 90 }]);
    });

    it("deletes a blob's state and block rows, and keeps its intents", async () => {
      const id = blobs.newId();
      await blobs.begin(id);
      await blobs.addBlocks(id, [{ offset: 0, hash: 'a'.repeat(64), size: 100 }]);
      await blobs.deleteRows(id);
      expect(await blobs.state(id)).toBeUndefined();
      expect(await blocksOf(blobs, id)).toEqual([]);
      expect(await blobs.hasIntent(id)).toBe(true);
    });

    it('keeps one intent per reason, each with the owner written last', async () => {
      const id = blobs.newId();
      await blobs.addIntent(id, 'write', 'v:one');
      await blobs.addIntent(id, 'release', 'v:two');
      expect((await intentsOf(blobs, [id])).map((i) => [i.reason, i.owner])).toEqual([
        ['release', 'v:two'],
        ['write', 'v:one'],
      ]);
      await blobs.addIntent(id, 'write', null);
      await blobs.removeIntent(id, 'release');
      expect((await intentsOf(blobs, [id])).map((i) => [i.reason, i.owner])).toEqual([['write', null]]);
      expect(await blobs.hasIntent(id)).toBe(true);
      await blobs.removeIntent(id, 'write');
      expect(await blobs.hasIntent(id)).toBe(false);
      expect(await intentsOf(blobs, [id])).toEqual([]);
    });

    it("refreshes an intent's age and keeps its owner", async () => {
      const id = blobs.newId();
      await blobs.addIntent(id, 'write', 'v:owner');
      const [first] = await intentsOf(blobs, [id]);
      await elapse(50);
      await blobs.touchIntent(id, 'write');
      const [touched] = await intentsOf(blobs, [id]);
      expect(touched!.owner).toBe('v:owner');
      expect(touched!.since.getTime() - first!.since.getTime()).toBeGreaterThanOrEqual(40);
    });

    it('brings back a removed intent, ownerless, when it is touched (a CQL UPDATE is an upsert)', async () => {
      const id = blobs.newId();
      await blobs.addIntent(id, 'write', 'v:owner');
      await blobs.removeIntent(id, 'write');
      await blobs.touchIntent(id, 'write');
      expect((await intentsOf(blobs, [id])).map((i) => [i.reason, i.owner])).toEqual([['write', null]]);
    });

    it('lists the intents of every shard', async () => {
      const ids = Array.from({ length: 40 }, () => blobs.newId());
      for (const id of ids) await blobs.begin(id);
      const listed = await intentsOf(blobs, ids);
      expect(listed.map((i) => i.blobId).sort()).toEqual([...ids].sort());
      for (const i of listed) expect(i.shard).toBe(Number.parseInt(i.blobId.slice(6, 8), 16) % 16);
      expect(new Set(listed.map((i) => i.shard)).size).toBeGreaterThan(1);
    });
  });
}
