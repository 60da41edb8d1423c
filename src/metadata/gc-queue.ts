import cassandra from 'cassandra-driver';
import type { CqlClient } from './cassandra-client.js';

const SHARDS = 16;
const TimeUuid = cassandra.types.TimeUuid;

export interface GcCandidate {
  shard: number;
  enqueued: string;
  hash: string;
  enqueuedAt: Date;
}

/** Blocks that lost a reference, waiting for the collector's grace period. */
export class GcQueue {
  constructor(private readonly db: CqlClient) {}

  async enqueue(hash: string): Promise<void> {
    const shard = Number.parseInt(hash.slice(0, 2), 16) % SHARDS;
    await this.db.execute('INSERT INTO gc_queue (shard, enqueued, hash) VALUES (?, now(), ?)', [shard, hash]);
  }

  /** Candidates enqueued before `olderThan`, oldest first, at most `limit` per shard. */
  async due(olderThan: Date, limit: number): Promise<GcCandidate[]> {
    const out: GcCandidate[] = [];
    for (let shard = 0; shard < SHARDS; shard++) {
      const rs = await this.db.execute(
        'SELECT enqueued, hash FROM gc_queue WHERE shard = ? AND enqueued < maxTimeuuid(?) LIMIT ?',
        [shard, olderThan, limit],
      );
      for (const row of rs.rows) {
        const enqueued = row.get('enqueued') as InstanceType<typeof TimeUuid>;
        out.push({
          shard,
          enqueued: enqueued.toString(),
          hash: row.get('hash') as string,
          enqueuedAt: enqueued.getDate(),
        });
      }
    }
    return out;
  }

  async done(c: GcCandidate): Promise<void> {
    await this.db.execute('DELETE FROM gc_queue WHERE shard = ? AND enqueued = ? AND hash = ?', [
      c.shard,
      c.enqueued,
      c.hash,
    ]);
  }
}
