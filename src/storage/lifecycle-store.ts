import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketSettingRepository } from '../metadata/bucket-setting-repository.js';
import type { LifecycleRule } from './lifecycle-rules.js';

/** What the store needs of `bucket_lifecycle` (the Cassandra class, or a fake). */
export type LifecycleRows = Pick<BucketSettingRepository, 'get' | 'put' | 'delete' | 'all'>;

/** The rules of one bucket, found by scanning the table. */
export interface ConfiguredBucket {
  bucket: string;
  /** The creation time of the bucket the rules were put for. */
  createdAt: Date;
  rules: LifecycleRule[];
}

/** Most buckets a server keeps cached; past it the cache starts over. */
const MAX_CACHED = 10_000;

/**
 * The lifecycle rules of buckets (`bucket_lifecycle`, JSON of the checked rules), cached per server
 * like CORS rules: PUT, GET and HEAD of an object consult them for `x-amz-expiration`, and a bucket
 * without rules is cached too. Changes made here invalidate the cache at once; another server sees
 * them within `cacheMs`. The executor scans the table (`configured`), never the cache.
 */
export class LifecycleStore {
  private readonly cache = new Map<
    string,
    { createdAt: number; rules: LifecycleRule[] | undefined; until: number }
  >();

  constructor(
    private readonly rows: LifecycleRows,
    private readonly cacheMs = 2000,
  ) {}

  /** undefined: the bucket has no lifecycle configuration. */
  async get(bucket: Bucket): Promise<LifecycleRule[] | undefined> {
    const createdAt = bucket.createdAt.getTime();
    const hit = this.cache.get(bucket.name);
    if (hit && hit.until > Date.now() && hit.createdAt === createdAt) return hit.rules;
    const rules = await this.fresh(bucket);
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(bucket.name, { createdAt, rules, until: Date.now() + this.cacheMs });
    return rules;
  }

  /** The rules as stored now, bypassing the cache. */
  async fresh(bucket: Bucket): Promise<LifecycleRule[] | undefined> {
    const text = await this.rows.get(bucket.name, bucket.createdAt);
    return text === undefined ? undefined : (JSON.parse(text) as LifecycleRule[]);
  }

  /**
   * Every bucket that has rules, from the table itself: a pass of the executor costs one scan of
   * the configured buckets, not a read per bucket of the store.
   */
  async *configured(): AsyncGenerator<ConfiguredBucket> {
    for await (const row of this.rows.all()) {
      yield { bucket: row.bucket, createdAt: row.createdAt, rules: JSON.parse(row.value) as LifecycleRule[] };
    }
  }

  /** PutBucketLifecycleConfiguration: the rules replace any the bucket had. */
  async put(bucket: Bucket, rules: readonly LifecycleRule[]): Promise<void> {
    this.cache.delete(bucket.name);
    await this.rows.put(bucket.name, bucket.createdAt, JSON.stringify(rules));
    this.cache.delete(bucket.name);
  }

  async delete(bucket: Bucket): Promise<void> {
    this.cache.delete(bucket.name);
    await this.rows.delete(bucket.name);
    this.cache.delete(bucket.name);
  }
}
