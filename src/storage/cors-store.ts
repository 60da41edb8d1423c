import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketCorsRows } from '../metadata/ports.js';

/**
 * One rule of a bucket's CORS configuration, as PutBucketCors checked it (s3/cors/).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html
 */
export interface CorsRule {
  id?: string;
  allowedMethods: string[];
  /** Origins, each with at most one `*` wildcard; `*` alone is every origin. */
  allowedOrigins: string[];
  /** Header names a preflight may ask for, each with at most one `*`; matched ignoring case. */
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/** Most bucket configurations a server keeps cached; past it the cache starts over. */
const MAX_CACHED = 10_000;

/**
 * The CORS rules of buckets, cached per server like bucket policies (a request with an `Origin`
 * consults them, and a bucket without rules is cached too). Changes made here invalidate the
 * cache at once; another server sees them within `cacheMs`.
 */
export class CorsStore {
  private readonly cache = new Map<
    string,
    { createdAt: number; rules: CorsRule[] | undefined; until: number }
  >();

  constructor(
    private readonly rows: BucketCorsRows,
    private readonly cacheMs = 2000,
  ) {}

  async get(bucket: Bucket): Promise<CorsRule[] | undefined> {
    const createdAt = bucket.createdAt.getTime();
    const hit = this.cache.get(bucket.name);
    if (hit && hit.until > Date.now() && hit.createdAt === createdAt) return hit.rules;
    const text = await this.rows.get(bucket.name, bucket.createdAt);
    const rules = text === undefined ? undefined : (JSON.parse(text) as CorsRule[]);
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(bucket.name, { createdAt, rules, until: Date.now() + this.cacheMs });
    return rules;
  }

  /** PutBucketCors: the rules replace any the bucket had. */
  async put(bucket: Bucket, rules: readonly CorsRule[]): Promise<void> {
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
