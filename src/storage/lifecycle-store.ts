import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketDocumentRows } from '../metadata/ports.js';
import { BucketDocumentCache } from './bucket-document-cache.js';
import type { LifecycleRule } from './lifecycle-rules.js';

/** The rules of one bucket, found by scanning the table. */
export interface ConfiguredBucket {
  bucket: string;
  /** The creation time of the bucket the rules were put for. */
  createdAt: Date;
  rules: LifecycleRule[];
}

/**
 * The lifecycle rules of buckets (`bucket_lifecycle`, JSON of the checked rules), cached per server
 * like CORS rules: PUT, GET and HEAD of an object consult them for `x-amz-expiration`. The
 * executor scans the table (`configured`), never the cache.
 */
export class LifecycleStore {
  private readonly cache: BucketDocumentCache<LifecycleRule[] | undefined>;

  constructor(
    private readonly rows: BucketDocumentRows,
    cacheMs = 2000,
  ) {
    this.cache = new BucketDocumentCache((bucket) => this.fresh(bucket), cacheMs);
  }

  /** undefined: the bucket has no lifecycle configuration. */
  get(bucket: Bucket): Promise<LifecycleRule[] | undefined> {
    return this.cache.get(bucket);
  }

  /** The rules as stored now, bypassing the cache. */
  async fresh(bucket: Bucket): Promise<LifecycleRule[] | undefined> {
    const text = await this.rows.get(bucket.name, bucket.createdAt);
    return text === undefined ? undefined : storedRules(text);
  }

  /**
   * Every bucket that has rules, from the table itself: a pass of the executor costs one scan of
   * the configured buckets, not a read per bucket of the store.
   */
  async *configured(): AsyncGenerator<ConfiguredBucket> {
    for await (const row of this.rows.all()) {
      const rules = storedRules(row.text);
      if (rules) yield { bucket: row.bucket, createdAt: row.createdAt, rules };
    }
  }

  /** PutBucketLifecycleConfiguration: the rules replace any the bucket had. */
  put(bucket: Bucket, rules: readonly LifecycleRule[]): Promise<void> {
    return this.cache.change(bucket, () =>
      this.rows.put(bucket.name, bucket.createdAt, JSON.stringify(rules)),
    );
  }

  delete(bucket: Bucket): Promise<void> {
    return this.cache.change(bucket, () => this.rows.delete(bucket.name));
  }
}

/**
 * The rules a row holds. A row this release cannot read (written by another one, or damaged) has
 * no rules rather than failing every pass and every GET of the bucket: nothing is expired on a
 * document nobody can check.
 */
function storedRules(text: string): LifecycleRule[] | undefined {
  try {
    const rules: unknown = JSON.parse(text);
    const readable = (r: unknown) =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as LifecycleRule).id === 'string' &&
      Array.isArray((r as LifecycleRule).filter?.tags);
    return Array.isArray(rules) && rules.every(readable) ? (rules as LifecycleRule[]) : undefined;
  } catch {
    return undefined;
  }
}
