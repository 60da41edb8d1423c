import type { CqlClient } from './cassandra-client.js';

/**
 * Table `bucket_cors`: the CORS rules of a bucket (PutBucketCors), kept as the JSON text the
 * store writes. Like `bucket_policies`, a row records the creation time of the bucket it was
 * written for, so a bucket deleted and created again never inherits the old rules.
 */
export class BucketCorsRepository {
  constructor(private readonly db: CqlClient) {}

  async get(bucket: string, createdAt: Date): Promise<string | undefined> {
    const row = (
      await this.db.execute('SELECT bucket_created, rules FROM bucket_cors WHERE bucket = ?', [bucket])
    ).first();
    const created = row?.get('bucket_created') as Date | null | undefined;
    if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
    const rules = row.get('rules');
    return typeof rules === 'string' ? rules : undefined;
  }

  async put(bucket: string, createdAt: Date, rules: string): Promise<void> {
    await this.db.execute('INSERT INTO bucket_cors (bucket, bucket_created, rules) VALUES (?, ?, ?)', [
      bucket,
      createdAt,
      rules,
    ]);
  }

  async delete(bucket: string): Promise<void> {
    await this.db.execute('DELETE FROM bucket_cors WHERE bucket = ?', [bucket]);
  }
}
