import cassandra from 'cassandra-driver';
import type { GcCandidate } from '../gc-queue.js';
import type { GcQueueRows } from '../ports.js';
import { timeuuidTicks } from './cql-order.js';
import type { MemoryDb } from './memory-db.js';

const SHARDS = 16;
const TimeUuid = cassandra.types.TimeUuid;
/** 100 ns ticks between the UUID epoch (1582-10-15) and the Unix epoch. */
const UUID_EPOCH_TICKS = 122_192_928_000_000_000n;

/** GcQueue on a MemoryDb: `gc_queue` rows keyed by the server's `now()` when the block was queued. */
export class MemoryGcQueue implements GcQueueRows {
  constructor(private readonly db: MemoryDb) {}

  async enqueue(hash: string): Promise<void> {
    const shard = Number.parseInt(hash.slice(0, 2), 16) % SHARDS;
    await this.db.run(() =>
      this.db.tables.gcQueue.insert(
        { shard, enqueued: this.db.timeuuid(), hash },
        { ts: this.db.timestamp() },
      ),
    );
  }

  /** `enqueued < maxTimeuuid(olderThan)`: queued in the millisecond of `olderThan` or before. */
  async due(olderThan: Date, limit: number): Promise<GcCandidate[]> {
    const bound = BigInt(olderThan.getTime()) * 10_000n + UUID_EPOCH_TICKS + 9_999n;
    const out: GcCandidate[] = [];
    for (let shard = 0; shard < SHARDS; shard++) {
      const rows = await this.db.run(() => this.db.tables.gcQueue.select({ shard }));
      for (const row of rows.filter((r) => timeuuidTicks(r.enqueued) <= bound).slice(0, limit)) {
        const enqueuedAt = TimeUuid.fromString(row.enqueued).getDate();
        out.push({ shard, enqueued: row.enqueued, hash: row.hash, enqueuedAt });
      }
    }
    return out;
  }

  async done(c: GcCandidate): Promise<void> {
    await this.db.run(() =>
      this.db.tables.gcQueue.deleteRow(
        { shard: c.shard, enqueued: c.enqueued, hash: c.hash },
        this.db.timestamp(),
      ),
    );
  }
}
