import type { BucketSettingRepository } from '../bucket-setting-repository.js';

/** BucketSettingRepository in memory: one row per bucket, valid for the creation time it records. */
export class MemoryBucketSettingRepository
  implements Pick<BucketSettingRepository, 'get' | 'put' | 'delete' | 'all'>
{
  private readonly rows = new Map<string, { createdAt: number; value: string }>();

  async get(bucket: string, createdAt: Date): Promise<string | undefined> {
    const row = this.rows.get(bucket);
    return row && row.createdAt === createdAt.getTime() ? row.value : undefined;
  }

  async put(bucket: string, createdAt: Date, value: string): Promise<void> {
    this.rows.set(bucket, { createdAt: createdAt.getTime(), value });
  }

  async *all(): AsyncGenerator<{ bucket: string; createdAt: Date; value: string }> {
    for (const [bucket, row] of [...this.rows])
      yield { bucket, createdAt: new Date(row.createdAt), value: row.value };
  }

  async delete(bucket: string): Promise<void> {
    this.rows.delete(bucket);
  }
}
