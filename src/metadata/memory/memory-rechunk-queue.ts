import type { RechunkQueueRows } from '../ports.js';
import { RECHUNK_SHARDS, type RechunkEntry, shardOf } from '../rechunk-queue.js';
import type { MemoryDb } from './memory-db.js';

/** RechunkQueue on a MemoryDb. */
export class MemoryRechunkQueue implements RechunkQueueRows {
  constructor(private readonly db: MemoryDb) {}

  async enqueue(entry: RechunkEntry): Promise<void> {
    await this.db.run(() =>
      this.db.tables.rechunkQueue.insert(
        {
          shard: shardOf(entry.versionId),
          version_id: entry.versionId,
          bucket: entry.bucket,
          key: entry.key,
        },
        { ts: this.db.timestamp() },
      ),
    );
  }

  async pending(limit: number): Promise<RechunkEntry[]> {
    const out: RechunkEntry[] = [];
    for (let shard = 0; shard < RECHUNK_SHARDS; shard++) {
      const rows = await this.db.run(() => this.db.tables.rechunkQueue.select({ shard }));
      for (const row of rows.slice(0, limit)) {
        out.push({ versionId: row.version_id, bucket: row.bucket, key: row.key });
      }
    }
    return out;
  }

  async done(versionId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.rechunkQueue.deleteRow(
        { shard: shardOf(versionId), version_id: versionId },
        this.db.timestamp(),
      ),
    );
  }
}
