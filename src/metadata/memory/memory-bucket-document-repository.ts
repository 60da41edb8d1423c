import type { BucketDocumentRows } from '../ports.js';

/**
 * BucketDocumentRepository in memory: one row per bucket, valid for the creation time it
 * records. It counts its reads, so the stores' tests can see what their caches save.
 */
export class MemoryBucketDocumentRepository implements BucketDocumentRows {
  readonly rows = new Map<string, { createdAt: number; text: string }>();
  reads = 0;

  async get(bucket: string, createdAt: Date): Promise<string | undefined> {
    this.reads += 1;
    const row = this.rows.get(bucket);
    return row && row.createdAt === createdAt.getTime() ? row.text : undefined;
  }

  async put(bucket: string, createdAt: Date, text: string): Promise<void> {
    this.rows.set(bucket, { createdAt: createdAt.getTime(), text });
  }

  async *all(): AsyncGenerator<{ bucket: string; createdAt: Date; text: string }> {
    for (const [bucket, row] of [...this.rows])
      yield { bucket, createdAt: new Date(row.createdAt), text: row.text };
  }

  async delete(bucket: string): Promise<void> {
    this.rows.delete(bucket);
  }
}
