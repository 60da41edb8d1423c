import type { CqlClient } from './cassandra-client.js';

const SHARDS = 4;

/** A multipart version whose part edges wait to be re-chunked (storage/dedup/part-edges.ts). */
export interface RechunkEntry {
  bucket: string;
  key: string;
  versionId: string;
}

/**
 * Multipart versions queued by CompleteMultipartUpload for the re-chunker. An entry outlives a
 * crash, so the work resumes; it is removed once done, or once its version is gone.
 */
export class RechunkQueue {
  constructor(private readonly db: CqlClient) {}

  async enqueue(entry: RechunkEntry): Promise<void> {
    await this.db.execute('INSERT INTO rechunk_queue (shard, version_id, bucket, key) VALUES (?, ?, ?, ?)', [
      shardOf(entry.versionId),
      entry.versionId,
      entry.bucket,
      entry.key,
    ]);
  }

  /** Up to `limit` entries of each shard, oldest first. */
  async pending(limit: number): Promise<RechunkEntry[]> {
    const out: RechunkEntry[] = [];
    for (let shard = 0; shard < SHARDS; shard++) {
      const rs = await this.db.execute(
        'SELECT version_id, bucket, key FROM rechunk_queue WHERE shard = ? LIMIT ?',
        [shard, limit],
      );
      for (const row of rs.rows) {
        out.push({
          versionId: String(row.get('version_id')),
          bucket: row.get('bucket') as string,
          key: row.get('key') as string,
        });
      }
    }
    return out;
  }

  async done(versionId: string): Promise<void> {
    await this.db.execute('DELETE FROM rechunk_queue WHERE shard = ? AND version_id = ?', [
      shardOf(versionId),
      versionId,
    ]);
  }
}

/** The shard of a version id: the low byte of the timeuuid's first field, like blob intents. */
export function shardOf(versionId: string): number {
  return Number.parseInt(versionId.slice(6, 8), 16) % SHARDS;
}

export const RECHUNK_SHARDS = SHARDS;
