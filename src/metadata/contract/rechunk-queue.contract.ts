import { beforeEach, describe, expect, it } from 'vitest';
import type { RechunkQueueRows } from '../ports.js';
import type { MakeSubject } from './contract-subject.js';

/** What the re-chunk runner relies on in RechunkQueue: an entry stays until it is done. */
export function describeRechunkQueueContract(make: MakeSubject): void {
  describe('RechunkQueue contract', () => {
    let queue: RechunkQueueRows;
    let newId: () => string;
    beforeEach(async () => {
      const subject = await make();
      queue = subject.rows.rechunks;
      newId = () => subject.rows.versions.newVersionId();
    });

    it('keeps each queued version, once, until it is done', async () => {
      const bucket = `b${Math.random().toString(36).slice(2)}`;
      const ids = [newId(), newId(), newId()];
      for (const id of ids) await queue.enqueue({ bucket, key: `k/${id}`, versionId: id });
      await queue.enqueue({ bucket, key: `k/${ids[0]}`, versionId: ids[0]! });
      const mine = async () => (await queue.pending(1000)).filter((e) => e.bucket === bucket);
      const queued = await mine();
      expect(queued.map((e) => e.versionId).sort()).toEqual([...ids].sort());
      expect(queued.find((e) => e.versionId === ids[1])).toEqual({
        bucket,
        key: `k/${ids[1]}`,
        versionId: ids[1],
      });
      await queue.done(ids[1]!);
      expect((await mine()).map((e) => e.versionId).sort()).toEqual([ids[0], ids[2]].sort());
    });
  });
}
