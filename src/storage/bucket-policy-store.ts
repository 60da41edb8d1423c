import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketDocumentRows } from '../metadata/ports.js';
import { type BucketPolicy, parseBucketPolicy } from '../policy/bucket-policy.js';
import { BucketDocumentCache } from './bucket-document-cache.js';

/**
 * A bucket's policy: the document as it was put, and its parsed form, or `undefined` when the
 * stored text no longer parses (a stricter parser in a later release): such a policy denies
 * every request its owner does not make to manage it, rather than silently granting nothing less.
 */
export interface StoredPolicy {
  text: string;
  policy: BucketPolicy | undefined;
}

/**
 * Bucket policies, cached per server like bucket rows (every request to a bucket consults its
 * policy).
 */
export class BucketPolicyStore {
  private readonly cache: BucketDocumentCache<StoredPolicy | undefined>;

  constructor(
    private readonly rows: BucketDocumentRows,
    cacheMs = 2000,
  ) {
    this.cache = new BucketDocumentCache(async (bucket) => {
      const text = await rows.get(bucket.name, bucket.createdAt);
      return text === undefined ? undefined : { text, policy: parsed(text, bucket.name) };
    }, cacheMs);
  }

  get(bucket: Bucket): Promise<StoredPolicy | undefined> {
    return this.cache.get(bucket);
  }

  /** PutBucketPolicy: `text` was checked by parseBucketPolicy first. */
  put(bucket: Bucket, text: string): Promise<void> {
    return this.cache.change(bucket, () => this.rows.put(bucket.name, bucket.createdAt, text));
  }

  delete(bucket: Bucket): Promise<void> {
    return this.cache.change(bucket, () => this.rows.delete(bucket.name));
  }
}

function parsed(text: string, bucket: string): BucketPolicy | undefined {
  try {
    return parseBucketPolicy(text, bucket);
  } catch {
    return undefined;
  }
}
