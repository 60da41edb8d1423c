import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketDocumentRows } from '../metadata/ports.js';
import { BucketDocumentCache } from './bucket-document-cache.js';

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

/**
 * The CORS rules of buckets, cached per server like bucket policies (a request with an `Origin`
 * consults them).
 */
export class CorsStore {
  private readonly cache: BucketDocumentCache<CorsRule[] | undefined>;

  constructor(
    private readonly rows: BucketDocumentRows,
    cacheMs = 2000,
  ) {
    this.cache = new BucketDocumentCache(async (bucket) => {
      const text = await rows.get(bucket.name, bucket.createdAt);
      return text === undefined ? undefined : (JSON.parse(text) as CorsRule[]);
    }, cacheMs);
  }

  get(bucket: Bucket): Promise<CorsRule[] | undefined> {
    return this.cache.get(bucket);
  }

  /** PutBucketCors: the rules replace any the bucket had. */
  put(bucket: Bucket, rules: readonly CorsRule[]): Promise<void> {
    return this.cache.change(bucket, () =>
      this.rows.put(bucket.name, bucket.createdAt, JSON.stringify(rules)),
    );
  }

  delete(bucket: Bucket): Promise<void> {
    return this.cache.change(bucket, () => this.rows.delete(bucket.name));
  }
}
