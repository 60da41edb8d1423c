import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketDocumentRows } from '../metadata/ports.js';
import { BucketDocumentCache } from './bucket-document-cache.js';

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

/**
 * PublicAccessBlock and Object Ownership of buckets, cached per server like bucket policies
 * (every authorization consults them).
 */
export class BucketControlsStore {
  private readonly cache: BucketDocumentCache<BucketControls>;

  constructor(
    private readonly accessBlocks: BucketDocumentRows,
    private readonly ownerships: BucketDocumentRows,
    cacheMs = 2000,
  ) {
    this.cache = new BucketDocumentCache(async (bucket) => {
      const [block, ownership] = await Promise.all([
        accessBlocks.get(bucket.name, bucket.createdAt),
        ownerships.get(bucket.name, bucket.createdAt),
      ]);
      return { publicAccessBlock: parsedBlock(block), ownership: parsedOwnership(ownership) };
    }, cacheMs);
  }

  get(bucket: Bucket): Promise<BucketControls> {
    return this.cache.get(bucket);
  }

  putPublicAccessBlock(bucket: Bucket, block: PublicAccessBlock): Promise<void> {
    return this.cache.change(bucket, () =>
      this.accessBlocks.put(bucket.name, bucket.createdAt, JSON.stringify(block)),
    );
  }

  deletePublicAccessBlock(bucket: Bucket): Promise<void> {
    return this.cache.change(bucket, () => this.accessBlocks.delete(bucket.name));
  }

  putOwnership(bucket: Bucket, ownership: ObjectOwnership): Promise<void> {
    return this.cache.change(bucket, () => this.ownerships.put(bucket.name, bucket.createdAt, ownership));
  }

  deleteOwnership(bucket: Bucket): Promise<void> {
    return this.cache.change(bucket, () => this.ownerships.delete(bucket.name));
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
