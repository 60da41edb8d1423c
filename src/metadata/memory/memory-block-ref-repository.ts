import type { BlockRefRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';

/** BlockRefRepository on a MemoryDb: one `block_refs` row per (block, blob). */
export class MemoryBlockRefRepository implements BlockRefRows {
  constructor(private readonly db: MemoryDb) {}

  async add(hash: string, blobId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.blockRefs.insert({ hash, blob_id: blobId }, { ts: this.db.timestamp() }),
    );
  }

  async remove(hash: string, blobId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.blockRefs.deleteRow({ hash, blob_id: blobId }, this.db.timestamp()),
    );
  }

  isReferenced(hash: string): Promise<boolean> {
    return this.db.run(() => this.db.tables.blockRefs.select({ hash }).length > 0);
  }

  blobsOf(hash: string): Promise<string[]> {
    return this.db.run(() => this.db.tables.blockRefs.select({ hash }).map((row) => String(row.blob_id)));
  }

  count(hash: string): Promise<number> {
    return this.db.run(() => this.db.tables.blockRefs.select({ hash }).length);
  }
}
