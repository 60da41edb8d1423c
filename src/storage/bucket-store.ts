import { cannedGrants, decodeGrant, encodeGrant, type Grant } from '../accounts/grants.js';
import { canonicalOwnerId } from '../accounts/root-account.js';
import type {
  Bucket,
  CannedAcl,
  CreateBucketOutcome,
  ObjectLockConfig,
  VersioningState,
} from '../metadata/bucket-repository.js';
import type { AclRows, BucketRows } from '../metadata/ports.js';

/** Most buckets a server keeps cached; past it the cache starts over. */
const MAX_CACHED = 10_000;

/**
 * Buckets, their ACLs and a short cache of bucket rows. Every S3 request reads its bucket; the
 * cache saves that query on hot paths. Changes made here invalidate it at once; another server sees
 * them within `cacheMs`, like the propagation delay S3 documents for bucket configuration.
 */
export class BucketStore {
  private readonly cache = new Map<string, { bucket: Bucket; until: number }>();

  constructor(
    private readonly buckets: BucketRows,
    private readonly acls: AclRows,
    private readonly cacheMs = 2000,
  ) {}

  async get(name: string): Promise<Bucket | undefined> {
    const hit = this.cache.get(name);
    if (hit && hit.until > Date.now()) return hit.bucket;
    const bucket = await this.buckets.get(name);
    if (!bucket) {
      this.cache.delete(name);
      return undefined;
    }
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(name, { bucket, until: Date.now() + this.cacheMs });
    return bucket;
  }

  list(): Promise<Bucket[]> {
    return this.buckets.list();
  }

  create(bucket: Bucket): Promise<CreateBucketOutcome> {
    this.cache.delete(bucket.name);
    return this.buckets.create(bucket);
  }

  async delete(name: string): Promise<void> {
    await this.buckets.delete(name);
    this.cache.delete(name);
  }

  hasObjects(name: string): Promise<boolean> {
    return this.buckets.hasObjects(name);
  }

  isEmpty(name: string): Promise<boolean> {
    return this.buckets.isEmpty(name);
  }

  async setVersioning(name: string, state: VersioningState): Promise<void> {
    await this.buckets.setVersioning(name, state);
    this.cache.delete(name);
  }

  /** PutObjectLockConfiguration of a lock bucket (the caller checked it is one). */
  async setObjectLock(bucket: Bucket, config: ObjectLockConfig): Promise<void> {
    await this.buckets.setObjectLock(bucket.name, config);
    this.cache.delete(bucket.name);
  }

  /**
   * Records, before an object of the bucket is first given tags, that GET and HEAD must read tags
   * for `x-amz-tagging-count`. Another server's cached bucket learns it within `cacheMs`, so for
   * that long its answers may lack the header (like S3's propagation of bucket configuration).
   */
  async noteTaggedObjects(bucket: Bucket): Promise<void> {
    if (bucket.taggedObjects) return;
    await this.buckets.markTaggedObjects(bucket.name);
    this.cache.delete(bucket.name);
  }

  /** The bucket ACL: the grants set by PutBucketAcl, else those of the canned ACL it was created with. */
  async grants(bucket: Bucket): Promise<Grant[]> {
    const explicit = await this.acls.bucketGrants(bucket.name, bucket.createdAt);
    if (explicit) return explicit.flatMap((text) => decodeGrant(text) ?? []);
    return cannedGrants(bucket.acl, canonicalOwnerId(bucket.owner));
  }

  /** PutBucketAcl: the canned name (kept for buckets that never get explicit grants) and the grants. */
  async setGrants(bucket: Bucket, canned: CannedAcl | undefined, grants: readonly Grant[]): Promise<void> {
    if (canned) await this.buckets.setAcl(bucket.name, canned);
    await this.acls.setBucketGrants(bucket.name, bucket.createdAt, grants.map(encodeGrant));
    this.cache.delete(bucket.name);
  }
}
