import { beforeEach, describe, expect, it } from 'vitest';
import type { GcCandidate } from '../gc-queue.js';
import type { GcQueueRows } from '../ports.js';
import { isBetween, type MakeSubject, randomHash } from './contract-subject.js';

const FAR_FUTURE = new Date(Date.now() + 365 * 86400_000);
const ALL = 100_000;

async function entriesOf(queue: GcQueueRows, hashes: readonly string[], limit = ALL): Promise<GcCandidate[]> {
  return (await queue.due(FAR_FUTURE, limit)).filter((c) => hashes.includes(c.hash));
}

/** What the collector relies on in GcQueue: an entry per lost reference, due after its time. */
export function describeGcQueueContract(make: MakeSubject): void {
  describe('GcQueue contract', () => {
    let queue: GcQueueRows;
    beforeEach(async () => {
      queue = (await make()).rows.gcQueue;
    });

    it('queues a block in the shard of its first byte, due only once its time has passed', async () => {
      const hash = randomHash('a7');
      const before = Date.now();
      await queue.enqueue(hash);
      const after = Date.now();
      const [entry, ...others] = await entriesOf(queue, [hash]);
      expect(others).toEqual([]);
      expect(entry).toMatchObject({ hash, shard: 0xa7 % 16 });
      expect(isBetween(entry!.enqueuedAt, before, after)).toBe(true);
      const early = await queue.due(new Date(before - 5000), ALL);
      expect(early.filter((c) => c.hash === hash)).toEqual([]);
    });

    it('keeps one entry per loss of a reference, and removes only the entry that is done', async () => {
      const hash = randomHash();
      await queue.enqueue(hash);
      await queue.enqueue(hash);
      const entries = await entriesOf(queue, [hash]);
      expect(entries).toHaveLength(2);
      await queue.done(entries[0]!);
      expect(await entriesOf(queue, [hash])).toEqual([entries[1]]);
      await queue.done(entries[1]!);
      expect(await entriesOf(queue, [hash])).toEqual([]);
    });

    it('answers at most `limit` entries per shard, oldest first', async () => {
      const hashes = [randomHash('3b'), randomHash('3b'), randomHash('3b')];
      for (const h of hashes) await queue.enqueue(h);
      expect((await entriesOf(queue, hashes)).map((c) => c.hash)).toEqual(hashes);
      const page = await queue.due(FAR_FUTURE, 2);
      for (let shard = 0; shard < 16; shard++) {
        const inShard = page.filter((c) => c.shard === shard);
        expect(inShard.length).toBeLessThanOrEqual(2);
        const times = inShard.map((c) => c.enqueuedAt.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }
      const first = page.find((c) => c.shard === 0x3b % 16);
      expect(first!.enqueuedAt.getTime()).toBeLessThanOrEqual(
        (await entriesOf(queue, hashes))[0]!.enqueuedAt.getTime(),
      );
    });
  });
}
