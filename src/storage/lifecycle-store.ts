import type { Bucket } from '../metadata/bucket-repository.js';
import type { SettingRows } from './bucket-controls-store.js';
import type { LifecycleRule } from './lifecycle-rules.js';

/** Most buckets a server keeps cached; past it the cache starts over. */
const MAX_CACHED = 10_000;

/**
 * The lifecycle rules of buckets (`bucket_lifecycle`, JSON of the checked rules), cached per server
 * like CORS rules: PUT, GET and HEAD of an object consult them for `x-amz-expiration`, and a bucket
 * without rules is cached too. Changes made here invalidate the cache at once; another server sees
 * them within `cacheMs`. The executor reads through `fresh`, never the cache.
 */
export class LifecycleStore {
  private readonly cache = new Map<
    string,
    { createdAt: number; rules: LifecycleRule[] | undefined; until: number }
  >();

  constructor(
    private readonly rows: SettingRows,
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
