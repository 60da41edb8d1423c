import type { Bucket } from '../../metadata/bucket-repository.js';
import type { ObjectEncryption } from '../../metadata/object-types.js';
import type { BucketDocumentRows } from '../../metadata/ports.js';
import { BucketDocumentCache } from '../bucket-document-cache.js';

/** A bucket's default encryption (its one ServerSideEncryptionConfiguration rule). */
export type BucketEncryption = Pick<ObjectEncryption, 'algorithm' | 'kmsKeyId' | 'bucketKeyEnabled'>;

/**
 * Default encryption of buckets, cached per server like the other bucket documents (every write
 * without SSE headers consults it). No record: objects written without headers are not encrypted.
 */
export class BucketEncryptionStore {
  private readonly cache: BucketDocumentCache<BucketEncryption | undefined>;

  constructor(
    private readonly rows: BucketDocumentRows,
    cacheMs = 2000,
  ) {
    this.cache = new BucketDocumentCache(async (bucket) => {
      const text = await rows.get(bucket.name, bucket.createdAt);
      return text === undefined ? undefined : (JSON.parse(text) as BucketEncryption);
    }, cacheMs);
  }

  get(bucket: Bucket): Promise<BucketEncryption | undefined> {
    return this.cache.get(bucket);
  }

  put(bucket: Bucket, encryption: BucketEncryption): Promise<void> {
    return this.cache.change(bucket, () =>
      this.rows.put(bucket.name, bucket.createdAt, JSON.stringify(encryption)),
    );
  }

  delete(bucket: Bucket): Promise<void> {
    return this.cache.change(bucket, () => this.rows.delete(bucket.name));
  }
}
