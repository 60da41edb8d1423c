import type { CqlClient } from './cassandra-client.js';
import type { Statement } from './listing-rows.js';

/** One tag of an object or a bucket. */
export interface Tag {
  key: string;
  value: string;
}

/**
 * Tables `object_tags` and `bucket_tags`: the tag sets of PutObjectTagging / x-amz-tagging and of
 * PutBucketTagging, as maps, so a set comes back in key order (UTF-8 byte order, Cassandra's order
 * of text) whatever order it was put in. No row is no tags: an empty set is stored as a delete.
 *
 * An object row belongs to one version (a new PUT starts without tags, as on S3) and is deleted
 * in the batch that deletes the version's rows (objectTagsDeletion, used by version-repository.ts). A bucket row records the creation time of the bucket it
 * was written for, like `bucket_acls`, so a re-created bucket never inherits the old tags.
 */
export class TagRepository {
  constructor(private readonly db: CqlClient) {}

  async objectTags(bucket: string, key: string, versionId: string): Promise<Tag[]> {
    const row = (
      await this.db.execute('SELECT tags FROM object_tags WHERE bucket = ? AND key = ? AND version_id = ?', [
        bucket,
        key,
        versionId,
      ])
    ).first();
    return row ? tagList(row.get('tags')) : [];
  }

  async setObjectTags(bucket: string, key: string, versionId: string, tags: readonly Tag[]): Promise<void> {
    if (tags.length === 0) return this.deleteObjectTags(bucket, key, versionId);
    await this.db.execute('INSERT INTO object_tags (bucket, key, version_id, tags) VALUES (?, ?, ?, ?)', [
      bucket,
      key,
      versionId,
      tagMap(tags),
    ]);
  }

  async deleteObjectTags(bucket: string, key: string, versionId: string): Promise<void> {
    const { query, params } = objectTagsDeletion(bucket, key, versionId);
    await this.db.execute(query, params);
  }

  /** The bucket's tags; undefined = none were put (GetBucketTagging's NoSuchTagSet). */
  async bucketTags(bucket: string, createdAt: Date): Promise<Tag[] | undefined> {
    const row = (
      await this.db.execute('SELECT bucket_created, tags FROM bucket_tags WHERE bucket = ?', [bucket])
    ).first();
    const created = row?.get('bucket_created') as Date | null | undefined;
    if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
    const tags = tagList(row.get('tags'));
    return tags.length === 0 ? undefined : tags;
  }

  async setBucketTags(bucket: string, createdAt: Date, tags: readonly Tag[]): Promise<void> {
    if (tags.length === 0) return this.deleteBucketTags(bucket);
    await this.db.execute('INSERT INTO bucket_tags (bucket, bucket_created, tags) VALUES (?, ?, ?)', [
      bucket,
      createdAt,
      tagMap(tags),
    ]);
  }

  async deleteBucketTags(bucket: string): Promise<void> {
    await this.db.execute('DELETE FROM bucket_tags WHERE bucket = ?', [bucket]);
  }
}

function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}

/**
 * A stored map as tags in Cassandra's order of its keys (the driver hands maps over as plain
 * objects, whose integer-like keys JavaScript moves to the front, so the order is restored here).
 */
export function tagList(value: unknown): Tag[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([key, v]) => ({ key, value: v }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
}

/** The statement that deletes a version's tags; part of every deletion of the version's rows. */
export function objectTagsDeletion(bucket: string, key: string, versionId: string): Statement {
  return {
    query: 'DELETE FROM object_tags WHERE bucket = ? AND key = ? AND version_id = ?',
    params: [bucket, key, versionId],
  };
}
