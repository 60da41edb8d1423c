import type { CqlClient } from './cassandra-client.js';

/**
 * The tables that hold one document of a bucket as text, and the column it is in: the policy
 * (kept byte for byte, GetBucketPolicy answers it), the CORS rules, the PublicAccessBlock
 * configuration, the Object Ownership value, the default encryption and the lifecycle rules.
 */
const DOCUMENT_COLUMNS = {
  bucket_policies: 'policy',
  bucket_cors: 'rules',
  bucket_public_access_blocks: 'value',
  bucket_ownership_controls: 'value',
  bucket_encryption: 'value',
  bucket_lifecycle: 'value',
} as const;

export type BucketDocumentTable = keyof typeof DOCUMENT_COLUMNS;
export const BUCKET_DOCUMENT_TABLES = Object.keys(DOCUMENT_COLUMNS) as BucketDocumentTable[];

/**
 * One per-bucket document kept as text. Like `bucket_acls`, a row records the creation time of
 * the bucket it was written for, so a bucket deleted and created again (perhaps by another
 * account) never inherits the old document.
 */
export class BucketDocumentRepository {
  private readonly column: string;

  constructor(
    private readonly db: CqlClient,
    private readonly table: BucketDocumentTable,
  ) {
    this.column = DOCUMENT_COLUMNS[table];
  }

  async get(bucket: string, createdAt: Date): Promise<string | undefined> {
    const row = (
      await this.db.execute(`SELECT bucket_created, ${this.column} FROM ${this.table} WHERE bucket = ?`, [
        bucket,
      ])
    ).first();
    const created = row?.get('bucket_created') as Date | null | undefined;
    if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
    const text = row.get(this.column);
    return typeof text === 'string' ? text : undefined;
  }

  async put(bucket: string, createdAt: Date, text: string): Promise<void> {
    await this.db.execute(
      `INSERT INTO ${this.table} (bucket, bucket_created, ${this.column}) VALUES (?, ?, ?)`,
      [bucket, createdAt, text],
    );
  }

  /** Every row, paged by the driver: the buckets that have this document (the lifecycle executor's scan). */
  async *all(): AsyncGenerator<{ bucket: string; createdAt: Date; text: string }> {
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute(
        `SELECT bucket, bucket_created, ${this.column} FROM ${this.table}`,
        [],
        {
          fetchSize: 500,
          pageState,
        },
      );
      for (const row of rs.rows) {
        const createdAt = row.get('bucket_created') as Date | null;
        const text = row.get(this.column);
        if (createdAt && typeof text === 'string')
          yield { bucket: row.get('bucket') as string, createdAt, text };
      }
      pageState = rs.pageState ?? undefined;
    } while (pageState);
  }

  async delete(bucket: string): Promise<void> {
    await this.db.execute(`DELETE FROM ${this.table} WHERE bucket = ?`, [bucket]);
  }
}
