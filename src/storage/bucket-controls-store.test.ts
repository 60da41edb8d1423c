import { describe, expect, it } from 'vitest';
import { MemoryBucketDocumentRepository } from '../metadata/memory/memory-bucket-document-repository.js';
import { BucketControlsStore } from './bucket-controls-store.js';
import { bucketNamedB as bucket } from './storage.fixture.js';

const BLOCK = {
  blockPublicAcls: true,
  ignorePublicAcls: false,
  blockPublicPolicy: true,
  restrictPublicBuckets: false,
};

describe('BucketControlsStore', () => {
  it('reads no record as no block and no ownership, caches it, and forgets it on a change', async () => {
    const blocks = new MemoryBucketDocumentRepository();
    const owners = new MemoryBucketDocumentRepository();
    const store = new BucketControlsStore(blocks, owners, 60_000);
    expect(await store.get(bucket())).toEqual({ publicAccessBlock: undefined, ownership: undefined });
    await store.get(bucket());
    expect([blocks.reads, owners.reads]).toEqual([1, 1]);
    await store.putPublicAccessBlock(bucket(), BLOCK);
    await store.putOwnership(bucket(), 'BucketOwnerPreferred');
    expect(await store.get(bucket())).toEqual({
      publicAccessBlock: BLOCK,
      ownership: 'BucketOwnerPreferred',
    });
    expect(blocks.reads).toBe(2);
    await store.deletePublicAccessBlock(bucket());
    await store.deleteOwnership(bucket());
    expect(await store.get(bucket())).toEqual({ publicAccessBlock: undefined, ownership: undefined });
  });

  it('never gives a re-created bucket the settings of the old one', async () => {
    const store = new BucketControlsStore(
      new MemoryBucketDocumentRepository(),
      new MemoryBucketDocumentRepository(),
      60_000,
    );
    await store.putOwnership(bucket(new Date(1000)), 'BucketOwnerEnforced');
    expect((await store.get(bucket(new Date(2000)))).ownership).toBeUndefined();
  });

  it('reads a stored value it does not understand as the setting that grants least', async () => {
    const blocks = new MemoryBucketDocumentRepository();
    const owners = new MemoryBucketDocumentRepository();
    blocks.rows.set('b', { createdAt: 1000, text: 'not json' });
    owners.rows.set('b', { createdAt: 1000, text: 'SomethingNew' });
    const controls = await new BucketControlsStore(blocks, owners).get(bucket());
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
