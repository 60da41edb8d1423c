import cassandra from 'cassandra-driver';
import type { BlobBlock, BlobIntent, IntentReason } from '../blob-repository.js';
import type { BlobRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';

const INTENT_SHARDS = 16;

/** BlobRepository on a MemoryDb: `blobs`, `blob_blocks` and `blob_intents`, statement for statement. */
export class MemoryBlobRepository implements BlobRows {
  constructor(private readonly db: MemoryDb) {}

  newId(): string {
    return cassandra.types.TimeUuid.now().toString();
  }

  async begin(blobId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.blobs.insert(
        { blob_id: blobId, state: 'PENDING', created_at: this.db.date() },
        { ts: this.db.timestamp() },
      ),
    );
    await this.addIntent(blobId, 'write', null);
  }

  async addBlocks(blobId: string, blocks: readonly BlobBlock[]): Promise<void> {
    if (blocks.length === 0) return;
    await this.db.run(() => {
      const ts = this.db.timestamp();
      for (const b of blocks) {
        this.db.tables.blobBlocks.insert(
          { blob_id: blobId, offset: b.offset, hash: b.hash, size: b.size, sealed: b.sealed ?? null },
          { ts },
        );
      }
    });
  }

  commit(blobId: string, size: number): Promise<boolean> {
    return this.db.run(() => this.transition(blobId, 'COMMITTED', size));
  }

  abandon(blobId: string): Promise<boolean> {
    return this.db.run(() => this.transition(blobId, 'ABANDONED'));
  }

  state(blobId: string): Promise<string | undefined> {
    return this.db.run(() => this.db.tables.blobs.get({ blob_id: blobId })?.state ?? undefined);
  }

  async *blocks(blobId: string, fromOffset = 0): AsyncGenerator<BlobBlock> {
    const rows = await this.db.run(() => this.db.tables.blobBlocks.select({ blob_id: blobId }));
    const start = fromOffset > 0 ? (rows.filter((r) => r.offset <= fromOffset).at(-1)?.offset ?? 0) : 0;
    for (const row of rows) {
      if (row.offset >= start)
        yield {
          offset: row.offset,
          hash: row.hash as string,
          size: row.size as number,
          ...(row.sealed ? { sealed: Buffer.from(row.sealed) } : {}),
        };
    }
  }

  async deleteRows(blobId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.blobBlocks.deletePartition({ blob_id: blobId }, this.db.timestamp()),
    );
    await this.db.run(() => this.db.tables.blobs.deleteRow({ blob_id: blobId }, this.db.timestamp()));
  }

  async addIntent(blobId: string, reason: IntentReason, owner: string | null): Promise<void> {
    await this.db.run(() =>
      this.db.tables.blobIntents.insert(
        { shard: shardOf(blobId), blob_id: blobId, reason, since: this.db.date(), owner },
        { ts: this.db.timestamp() },
      ),
    );
  }

  /** An UPDATE: like Cassandra's, it re-creates (ownerless) an intent that was removed. */
  async touchIntent(blobId: string, reason: IntentReason): Promise<void> {
    await this.db.run(() =>
      this.db.tables.blobIntents.update(
        { shard: shardOf(blobId), blob_id: blobId, reason, since: this.db.date() },
        { ts: this.db.timestamp() },
      ),
    );
  }

  async removeIntent(blobId: string, reason: IntentReason): Promise<void> {
    await this.db.run(() =>
      this.db.tables.blobIntents.deleteRow(
        { shard: shardOf(blobId), blob_id: blobId, reason },
        this.db.timestamp(),
      ),
    );
  }

  hasIntent(blobId: string): Promise<boolean> {
    return this.db.run(() =>
      this.db.tables.blobIntents.select({ shard: shardOf(blobId) }).some((r) => r.blob_id === blobId),
    );
  }

  async *intents(): AsyncGenerator<BlobIntent> {
    for (let shard = 0; shard < INTENT_SHARDS; shard++) {
      const rows = await this.db.run(() => this.db.tables.blobIntents.select({ shard }));
      for (const row of rows) {
        yield {
          shard,
          blobId: row.blob_id,
          reason: row.reason as IntentReason,
          since: row.since as Date,
          owner: row.owner ?? null,
        };
      }
    }
  }

  /** `UPDATE blobs SET state = ? [, size = ?] WHERE blob_id = ? IF state = 'PENDING'`. */
  private transition(blobId: string, state: string, size?: number): boolean {
    if (this.db.tables.blobs.get({ blob_id: blobId })?.state !== 'PENDING') return false;
    this.db.tables.blobs.update({ blob_id: blobId, state, size }, { ts: this.db.timestamp() });
    return true;
  }
}

/** The same spread as BlobRepository's: the low byte of the timeuuid's first field. */
function shardOf(blobId: string): number {
  return Number.parseInt(blobId.slice(6, 8), 16) % INTENT_SHARDS;
}
