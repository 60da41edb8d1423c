import { describe, expect, it } from 'vitest';
import type { Bucket } from '../metadata/bucket-repository.js';
import { BucketControlsStore, type SettingRows } from './bucket-controls-store.js';

/** An in-memory setting table that counts its reads. */
function rows() {
  const table = new Map<string, { createdAt: number; text: string }>();
  const counted = { reads: 0 };
  const fake: SettingRows = {
    async get(bucket, createdAt) {
      counted.reads += 1;
      const row = table.get(bucket);
      return row && row.createdAt === createdAt.getTime() ? row.text : undefined;
    },
    async put(bucket, createdAt, text) {
      table.set(bucket, { createdAt: createdAt.getTime(), text });
    },
    async delete(bucket) {
      table.delete(bucket);
    },
  };
  return { fake, counted, table };
}

function bucket(createdAt = new Date(1000)): Bucket {
  return { name: 'b', owner: 'o', createdAt, acl: 'private', versioning: 'Unversioned', region: 'us-east-1' };
}

const BLOCK = {
  blockPublicAcls: true,
  ignorePublicAcls: false,
  blockPublicPolicy: true,
  restrictPublicBuckets: false,
};

describe('BucketControlsStore', () => {
  it('reads no record as no block and no ownership, caches it, and forgets it on a change', async () => {
    const blocks = rows();
    const owners = rows();
    const store = new BucketControlsStore(blocks.fake, owners.fake, 60_000);
    expect(await store.get(bucket())).toEqual({ publicAccessBlock: undefined, ownership: undefined });
    await store.get(bucket());
    expect([blocks.counted.reads, owners.counted.reads]).toEqual([1, 1]);
    await store.putPublicAccessBlock(bucket(), BLOCK);
    await store.putOwnership(bucket(), 'BucketOwnerPreferred');
    expect(await store.get(bucket())).toEqual({
      publicAccessBlock: BLOCK,
      ownership: 'BucketOwnerPreferred',
    });
    expect(blocks.counted.reads).toBe(2);
    await store.deletePublicAccessBlock(bucket());
    await store.deleteOwnership(bucket());
    expect(await store.get(bucket())).toEqual({ publicAccessBlock: undefined, ownership: undefined });
  });

  it('never gives a re-created bucket the settings of the old one', async () => {
    const store = new BucketControlsStore(rows().fake, rows().fake, 60_000);
    await store.putOwnership(bucket(new Date(1000)), 'BucketOwnerEnforced');
    expect((await store.get(bucket(new Date(2000)))).ownership).toBeUndefined();
  });

  it('reads a stored value it does not understand as the setting that grants least', async () => {
    const blocks = rows();
    const owners = rows();
    blocks.table.set('b', { createdAt: 1000, text: 'not json' });
    owners.table.set('b', { createdAt: 1000, text: 'SomethingNew' });
    const controls = await new BucketControlsStore(blocks.fake, owners.fake).get(bucket());
    expect(controls).toEqual({
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      ownership: 'BucketOwnerEnforced',
    });
  });
});
