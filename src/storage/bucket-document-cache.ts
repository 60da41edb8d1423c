import type { Bucket } from '../metadata/bucket-repository.js';

/** Most buckets a cache keeps; past it the cache starts over. */
const MAX_CACHED = 10_000;

/**
 * A per-server cache of what a bucket's documents (policy, CORS, access controls) read as. Every
 * request to a bucket may consult them and most buckets have none, which is cached too. A change
 * made through `change` is seen here at once; another server sees it within `cacheMs`, the
 * propagation delay S3 documents for bucket configuration. An entry is keyed by the bucket's
 * creation time as well, so a bucket created again never gets the old bucket's answer.
 */
export class BucketDocumentCache<T> {
  private readonly entries = new Map<string, { createdAt: number; value: T; until: number }>();

  constructor(
    private readonly load: (bucket: Bucket) => Promise<T>,
    private readonly cacheMs: number,
  ) {}

  async get(bucket: Bucket): Promise<T> {
    const createdAt = bucket.createdAt.getTime();
    const hit = this.entries.get(bucket.name);
    if (hit && hit.until > Date.now() && hit.createdAt === createdAt) return hit.value;
    const value = await this.load(bucket);
    if (this.entries.size > MAX_CACHED) this.entries.clear();
    this.entries.set(bucket.name, { createdAt, value, until: Date.now() + this.cacheMs });
    return value;
  }

  /**
   * Runs a write of the bucket's documents. The entry is dropped before (no read during the
   * write answers from before it) and after (a read that raced the write may have cached the
   * old value).
   */
  async change(bucket: Bucket, write: () => Promise<void>): Promise<void> {
    this.entries.delete(bucket.name);
    try {
      await write();
    } finally {
      this.entries.delete(bucket.name);
    }
  }
}
