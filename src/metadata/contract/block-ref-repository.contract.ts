import { beforeEach, describe, expect, it } from 'vitest';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, randomHash } from './contract-subject.js';

/** What storage relies on in BlockRefRepository: one idempotent row per (block, blob). */
export function describeBlockRefRepositoryContract(make: MakeSubject): void {
  describe('BlockRefRepository contract', () => {
    let rows: MetadataRows;
    beforeEach(async () => {
      rows = (await make()).rows;
    });

    it('counts one reference per blob, however often a blob adds it', async () => {
      const hash = randomHash();
      const [a, b] = [rows.blobs.newId(), rows.blobs.newId()];
      await rows.refs.add(hash, a);
      await rows.refs.add(hash, a);
      expect(await rows.refs.count(hash)).toBe(1);
      await rows.refs.add(hash, b);
      expect(await rows.refs.count(hash)).toBe(2);
      expect(await rows.refs.isReferenced(hash)).toBe(true);
      expect((await rows.refs.blobsOf(hash)).sort()).toEqual([a, b].sort());
    });

    it("removes one blob's reference and keeps the others", async () => {
      const hash = randomHash();
      const [a, b] = [rows.blobs.newId(), rows.blobs.newId()];
      await rows.refs.add(hash, a);
      await rows.refs.add(hash, b);
      await rows.refs.remove(hash, a);
      expect(await rows.refs.count(hash)).toBe(1);
      expect(await rows.refs.isReferenced(hash)).toBe(true);
      await rows.refs.remove(hash, b);
      expect(await rows.refs.count(hash)).toBe(0);
      expect(await rows.refs.isReferenced(hash)).toBe(false);
    });

    it('answers unreferenced for an unknown block, and removing an absent reference changes nothing', async () => {
      const hash = randomHash();
      await rows.refs.remove(hash, rows.blobs.newId());
      expect(await rows.refs.isReferenced(hash)).toBe(false);
      expect(await rows.refs.count(hash)).toBe(0);
      expect(await rows.refs.blobsOf(hash)).toEqual([]);
    });
  });
}
