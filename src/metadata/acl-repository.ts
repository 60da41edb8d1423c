import type { CqlClient } from './cassandra-client.js';
import type { Statement } from './listing-rows.js';

/**
 * Tables `bucket_acls` and `object_acls`: explicit ACLs set by PutBucketAcl / PutObjectAcl /
 * PutObject with an ACL. Without a row, a bucket's ACL is its canned `buckets.acl` and an object's
 * is private. They are read only for callers that are neither root nor the bucket owner, so the
 * owner's requests stay one query.
 *
 * A bucket row records the creation time of the bucket it was written for: a bucket deleted and
 * created again (perhaps by another account) never inherits the old grants. An object row belongs
 * to one version, so overwriting a key resets its ACL to private, as on S3, and is deleted in the
 * batch that deletes the version's rows (objectAclDeletion, used by version-repository.ts). Grants are stored as text ('PERMISSION id:<canonical id>'); the ACL model is
 * accounts/grants.ts.
 */
export class AclRepository {
  constructor(private readonly db: CqlClient) {}

  async bucketGrants(bucket: string, createdAt: Date): Promise<string[] | undefined> {
    const row = (
      await this.db.execute('SELECT bucket_created, grants FROM bucket_acls WHERE bucket = ?', [bucket])
    ).first();
    const created = row?.get('bucket_created') as Date | null | undefined;
    if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
    return texts(row.get('grants'));
  }

  async setBucketGrants(bucket: string, createdAt: Date, grants: readonly string[]): Promise<void> {
    await this.db.execute('INSERT INTO bucket_acls (bucket, bucket_created, grants) VALUES (?, ?, ?)', [
      bucket,
      createdAt,
      grants,
    ]);
  }

  async objectGrants(bucket: string, key: string, versionId: string): Promise<string[] | undefined> {
    const row = (
      await this.db.execute(
        'SELECT grants FROM object_acls WHERE bucket = ? AND key = ? AND version_id = ?',
        [bucket, key, versionId],
      )
    ).first();
    return row ? texts(row.get('grants')) : undefined;
  }

  async setObjectGrants(
    bucket: string,
    key: string,
    versionId: string,
    grants: readonly string[],
  ): Promise<void> {
    await this.db.execute('INSERT INTO object_acls (bucket, key, version_id, grants) VALUES (?, ?, ?, ?)', [
      bucket,
      key,
      versionId,
      grants,
    ]);
  }
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
}

/** The statement that deletes a version's ACL row; part of every deletion of the version's rows. */
export function objectAclDeletion(bucket: string, key: string, versionId: string): Statement {
  return {
    query: 'DELETE FROM object_acls WHERE bucket = ? AND key = ? AND version_id = ?',
    params: [bucket, key, versionId],
  };
}
