import type { BucketCorsRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';

/** BucketCorsRepository on a MemoryDb: `bucket_cors`. */
export class MemoryBucketCorsRepository implements BucketCorsRows {
  constructor(private readonly db: MemoryDb) {}

  get(bucket: string, createdAt: Date): Promise<string | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.bucketCors.get({ bucket });
      const created = row?.bucket_created;
      if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
      return row.rules ?? undefined;
    });
  }

  async put(bucket: string, createdAt: Date, rules: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.bucketCors.insert(
        { bucket, bucket_created: createdAt, rules },
        { ts: this.db.timestamp() },
      ),
    );
  }

  async delete(bucket: string): Promise<void> {
    await this.db.run(() => this.db.tables.bucketCors.deleteRow({ bucket }, this.db.timestamp()));
  }
}
