import type { TagRows } from '../ports.js';
import { type Tag, tagList } from '../tag-repository.js';
import type { MemoryDb } from './memory-db.js';
import { collection } from './memory-schema.js';

/** TagRepository on a MemoryDb: `object_tags` and `bucket_tags`. */
export class MemoryTagRepository implements TagRows {
  constructor(private readonly db: MemoryDb) {}

  objectTags(bucket: string, key: string, versionId: string): Promise<Tag[]> {
    return this.db.run(() =>
      tagList(this.db.tables.objectTags.get({ bucket, key, version_id: versionId })?.tags),
    );
  }

  async setObjectTags(bucket: string, key: string, versionId: string, tags: readonly Tag[]): Promise<void> {
    if (tags.length === 0) return this.deleteObjectTags(bucket, key, versionId);
    await this.db.run(() =>
      this.db.tables.objectTags.insert(
        { bucket, key, version_id: versionId, tags: collection(tagMap(tags)) },
        { ts: this.db.timestamp() },
      ),
    );
  }

  async deleteObjectTags(bucket: string, key: string, versionId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.objectTags.deleteRow({ bucket, key, version_id: versionId }, this.db.timestamp()),
    );
  }

  bucketTags(bucket: string, createdAt: Date): Promise<Tag[] | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.bucketTags.get({ bucket });
      const created = row?.bucket_created;
      if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
      const tags = tagList(row.tags);
      return tags.length === 0 ? undefined : tags;
    });
  }

  async setBucketTags(bucket: string, createdAt: Date, tags: readonly Tag[]): Promise<void> {
    if (tags.length === 0) return this.deleteBucketTags(bucket);
    await this.db.run(() =>
      this.db.tables.bucketTags.insert(
        { bucket, bucket_created: createdAt, tags: collection(tagMap(tags)) },
        { ts: this.db.timestamp() },
      ),
    );
  }

  async deleteBucketTags(bucket: string): Promise<void> {
    await this.db.run(() => this.db.tables.bucketTags.deleteRow({ bucket }, this.db.timestamp()));
  }
}

function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}
