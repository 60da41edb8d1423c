import type { BucketPolicyRepository } from '../metadata/bucket-policy-repository.js';
import type { Bucket } from '../metadata/bucket-repository.js';
import { type BucketPolicy, parseBucketPolicy } from '../policy/bucket-policy.js';

/** What the store needs of the `bucket_policies` repository (the Cassandra class, or a fake). */
export type PolicyRows = Pick<BucketPolicyRepository, 'get' | 'put' | 'delete'>;

/**
 * A bucket's policy: the document as it was put, and its parsed form, or `undefined` when the
 * stored text no longer parses (a stricter parser in a later release): such a policy denies
 * every request its owner does not make to manage it, rather than silently granting nothing less.
 */
export interface StoredPolicy {
  text: string;
  policy: BucketPolicy | undefined;
}

/** Most bucket policies a server keeps cached; past it the cache starts over. */
const MAX_CACHED = 10_000;

/**
 * Bucket policies, cached per server like bucket rows (every request to a bucket consults its
 * policy, and most buckets have none, which is cached too). Changes made here invalidate the cache
 * at once; another server sees them within `cacheMs`, the propagation delay S3 documents for
 * bucket configuration.
 */
export class BucketPolicyStore {
  private readonly cache = new Map<
    string,
    { createdAt: number; stored: StoredPolicy | undefined; until: number }
  >();

  constructor(
    private readonly rows: PolicyRows,
    private readonly cacheMs = 2000,
  ) {}

  async get(bucket: Bucket): Promise<StoredPolicy | undefined> {
    const createdAt = bucket.createdAt.getTime();
    const hit = this.cache.get(bucket.name);
    if (hit && hit.until > Date.now() && hit.createdAt === createdAt) return hit.stored;
    const text = await this.rows.get(bucket.name, bucket.createdAt);
    const stored = text === undefined ? undefined : { text, policy: parsed(text, bucket.name) };
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(bucket.name, { createdAt, stored, until: Date.now() + this.cacheMs });
    return stored;
  }

  /** PutBucketPolicy: `text` was checked by parseBucketPolicy first. */
  async put(bucket: Bucket, text: string): Promise<void> {
    this.cache.delete(bucket.name);
    await this.rows.put(bucket.name, bucket.createdAt, text);
    this.cache.delete(bucket.name);
  }

  async delete(bucket: Bucket): Promise<void> {
    this.cache.delete(bucket.name);
    await this.rows.delete(bucket.name);
    this.cache.delete(bucket.name);
  }
}

function parsed(text: string, bucket: string): BucketPolicy | undefined {
  try {
    return parseBucketPolicy(text, bucket);
  } catch {
    return undefined;
  }
}
