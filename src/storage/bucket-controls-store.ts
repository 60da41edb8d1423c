import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketSettingRepository } from '../metadata/bucket-setting-repository.js';

/** What the store needs of a per-bucket setting table (the Cassandra class, or a fake). */
export type SettingRows = Pick<BucketSettingRepository, 'get' | 'put' | 'delete'>;

/** A bucket's PublicAccessBlockConfiguration; a flag left out of the request is false, as on S3. */
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** S3 Object Ownership: who owns the objects written to the bucket, and whether ACLs apply. */
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
export const OBJECT_OWNERSHIPS: readonly ObjectOwnership[] = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
];

/**
 * The access controls of a bucket. `undefined` means no record: the bucket blocks nothing and
 * keeps ACLs (ObjectWriter), as every S3 bucket did before April 2023 and as OK-S3's buckets
 * created before these settings existed still do.
 */
export interface BucketControls {
  publicAccessBlock: PublicAccessBlock | undefined;
  ownership: ObjectOwnership | undefined;
}

/** Most buckets a server keeps cached; past it the cache starts over. */
const MAX_CACHED = 10_000;

/**
 * PublicAccessBlock and Object Ownership of buckets, cached per server like bucket policies
 * (every authorization consults them; most reads find the same answer for seconds). Changes made
 * here invalidate the cache at once; another server sees them within `cacheMs`.
 */
export class BucketControlsStore {
  private readonly cache = new Map<string, { createdAt: number; controls: BucketControls; until: number }>();

  constructor(
    private readonly accessBlocks: SettingRows,
    private readonly ownerships: SettingRows,
    private readonly cacheMs = 2000,
  ) {}

  async get(bucket: Bucket): Promise<BucketControls> {
    const createdAt = bucket.createdAt.getTime();
    const hit = this.cache.get(bucket.name);
    if (hit && hit.until > Date.now() && hit.createdAt === createdAt) return hit.controls;
    const [block, ownership] = await Promise.all([
      this.accessBlocks.get(bucket.name, bucket.createdAt),
      this.ownerships.get(bucket.name, bucket.createdAt),
    ]);
    const controls = { publicAccessBlock: parsedBlock(block), ownership: parsedOwnership(ownership) };
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(bucket.name, { createdAt, controls, until: Date.now() + this.cacheMs });
    return controls;
  }

  putPublicAccessBlock(bucket: Bucket, block: PublicAccessBlock): Promise<void> {
    return this.change(bucket, () =>
      this.accessBlocks.put(bucket.name, bucket.createdAt, JSON.stringify(block)),
    );
  }

  deletePublicAccessBlock(bucket: Bucket): Promise<void> {
    return this.change(bucket, () => this.accessBlocks.delete(bucket.name));
  }

  putOwnership(bucket: Bucket, ownership: ObjectOwnership): Promise<void> {
    return this.change(bucket, () => this.ownerships.put(bucket.name, bucket.createdAt, ownership));
  }

  deleteOwnership(bucket: Bucket): Promise<void> {
    return this.change(bucket, () => this.ownerships.delete(bucket.name));
  }

  private async change(bucket: Bucket, write: () => Promise<void>): Promise<void> {
    this.cache.delete(bucket.name);
    await write();
    this.cache.delete(bucket.name);
  }
}

/** A stored configuration that no longer reads blocks everything: safer than blocking nothing. */
function parsedBlock(text: string | undefined): PublicAccessBlock | undefined {
  if (text === undefined) return undefined;
  const all = {
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: true,
    restrictPublicBuckets: true,
  };
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const flag = (name: keyof PublicAccessBlock) => value[name] !== false;
    return {
      blockPublicAcls: flag('blockPublicAcls'),
      ignorePublicAcls: flag('ignorePublicAcls'),
      blockPublicPolicy: flag('blockPublicPolicy'),
      restrictPublicBuckets: flag('restrictPublicBuckets'),
    };
  } catch {
    return all;
  }
}

/** An unknown stored value reads as BucketOwnerEnforced, the setting that grants least. */
function parsedOwnership(text: string | undefined): ObjectOwnership | undefined {
  if (text === undefined) return undefined;
  return (OBJECT_OWNERSHIPS as readonly string[]).includes(text)
    ? (text as ObjectOwnership)
    : 'BucketOwnerEnforced';
}
