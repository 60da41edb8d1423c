import type { CqlClient } from './cassandra-client.js';

/** The tables that hold one setting of a bucket as text (migrations 14 and 16). */
export type BucketSettingTable =
  | 'bucket_public_access_blocks'
  | 'bucket_ownership_controls'
  | 'bucket_lifecycle';

/**
 * One per-bucket setting kept as text: the PublicAccessBlock configuration, the Object
 * Ownership value, or the lifecycle rules. Like `bucket_policies`, a row records the creation time of the bucket it was
 * written for, so a bucket deleted and created again (perhaps by another account) never inherits
 * the old setting.
 */
export class BucketSettingRepository {
  constructor(
    private readonly db: CqlClient,
    private readonly table: BucketSettingTable,
  ) {}

  async get(bucket: string, createdAt: Date): Promise<string | undefined> {
    const row = (
      await this.db.execute(`SELECT bucket_created, value FROM ${this.table} WHERE bucket = ?`, [bucket])
    ).first();
    const created = row?.get('bucket_created') as Date | null | undefined;
    if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
    const value = row.get('value');
    return typeof value === 'string' ? value : undefined;
  }

  async put(bucket: string, createdAt: Date, value: string): Promise<void> {
    await this.db.execute(`INSERT INTO ${this.table} (bucket, bucket_created, value) VALUES (?, ?, ?)`, [
      bucket,
      createdAt,
      value,
    ]);
  }

  /** Every row, paged by the driver: the buckets that have this setting (the lifecycle executor's scan). */
  async *all(): AsyncGenerator<{ bucket: string; createdAt: Date; value: string }> {
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute(`SELECT bucket, bucket_created, value FROM ${this.table}`, [], {
        fetchSize: 500,
        pageState,
      });
      for (const row of rs.rows) {
        const createdAt = row.get('bucket_created') as Date | null;
        const value = row.get('value');
        if (createdAt && typeof value === 'string')
          yield { bucket: row.get('bucket') as string, createdAt, value };
      }
      pageState = rs.pageState ?? undefined;
    } while (pageState);
  }

  async delete(bucket: string): Promise<void> {
    await this.db.execute(`DELETE FROM ${this.table} WHERE bucket = ?`, [bucket]);
  }
}
