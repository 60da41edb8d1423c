import type { Bucket } from '../metadata/bucket-repository.js';
import type { TagRows } from '../metadata/ports.js';
import type { Tag } from '../metadata/tag-repository.js';

/**
 * The tags of buckets (Put/Get/DeleteBucketTagging). Read only by GetBucketTagging, so they are
 * not cached; a bucket deleted and created again starts without tags.
 */
export class BucketTagStore {
  constructor(private readonly rows: TagRows) {}

  /** undefined: the bucket has no tag set. */
  get(bucket: Bucket): Promise<Tag[] | undefined> {
    return this.rows.bucketTags(bucket.name, bucket.createdAt);
  }

  /** Replaces the bucket's tags; an empty set removes them. */
  put(bucket: Bucket, tags: readonly Tag[]): Promise<void> {
    return this.rows.setBucketTags(bucket.name, bucket.createdAt, tags);
  }

  delete(bucket: Bucket): Promise<void> {
    return this.rows.deleteBucketTags(bucket.name);
  }
}
