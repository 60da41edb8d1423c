import type { CqlClient } from './cassandra-client.js';

/**
 * Table `bucket_policies`: the policy document of a bucket, kept as the text PutBucketPolicy
 * received (GetBucketPolicy answers it byte for byte). Like `bucket_acls`, a row records the
 * creation time of the bucket it was written for, so a bucket deleted and created again (perhaps by
 * another account) never inherits the old policy.
 */
export class BucketPolicyRepository {
  constructor(private readonly db: CqlClient) {}

  async get(bucket: string, createdAt: Date): Promise<string | undefined> {
    const row = (
      await this.db.execute('SELECT bucket_created, policy FROM bucket_policies WHERE bucket = ?', [bucket])
    ).first();
    const created = row?.get('bucket_created') as Date | null | undefined;
    if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
    const policy = row.get('policy');
    return typeof policy === 'string' ? policy : undefined;
  }

  async put(bucket: string, createdAt: Date, policy: string): Promise<void> {
    await this.db.execute('INSERT INTO bucket_policies (bucket, bucket_created, policy) VALUES (?, ?, ?)', [
      bucket,
      createdAt,
      policy,
    ]);
  }

  async delete(bucket: string): Promise<void> {
    await this.db.execute('DELETE FROM bucket_policies WHERE bucket = ?', [bucket]);
  }
}
