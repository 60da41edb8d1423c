import { describe, expect, it } from 'vitest';
import type { Bucket } from '../metadata/bucket-repository.js';
import type { BucketCorsRows } from '../metadata/ports.js';
import { type CorsRule, CorsStore } from './cors-store.js';

const RULE: CorsRule = {
  id: 'r1',
  allowedMethods: ['GET', 'PUT'],
  allowedOrigins: ['http://*.example.com'],
  allowedHeaders: ['*'],
  exposeHeaders: ['ETag'],
  maxAgeSeconds: 600,
};

/** An in-memory `bucket_cors` that counts its reads. */
function rows() {
  const table = new Map<string, { createdAt: number; text: string }>();
  const counted = { reads: 0 };
  const fake: BucketCorsRows = {
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
  return { fake, counted };
}

function bucket(createdAt = new Date(1000)): Bucket {
  return { name: 'b', owner: 'o', createdAt, acl: 'private', versioning: 'Unversioned', region: 'us-east-1' };
}

describe('CorsStore', () => {
  it('caches rules and their absence, and forgets both on a change', async () => {
    const { fake, counted } = rows();
    const store = new CorsStore(fake, 60_000);
    expect(await store.get(bucket())).toBeUndefined();
    expect(await store.get(bucket())).toBeUndefined();
    expect(counted.reads).toBe(1);
    await store.put(bucket(), [RULE]);
    expect(await store.get(bucket())).toEqual([RULE]);
    expect(await store.get(bucket())).toEqual([RULE]);
    expect(counted.reads).toBe(2);
    await store.delete(bucket());
    expect(await store.get(bucket())).toBeUndefined();
    expect(counted.reads).toBe(3);
  });

  it('never answers the rules of an earlier bucket of the same name', async () => {
    const { fake } = rows();
    const store = new CorsStore(fake, 60_000);
    await store.put(bucket(new Date(1000)), [RULE]);
    expect(await store.get(bucket(new Date(1000)))).toEqual([RULE]);
    expect(await store.get(bucket(new Date(2000)))).toBeUndefined();
  });

  it('reads again once the cache time has passed', async () => {
    const { fake, counted } = rows();
    const store = new CorsStore(fake, 0);
    await store.get(bucket());
    await new Promise((r) => setTimeout(r, 2));
    await store.get(bucket());
    expect(counted.reads).toBe(2);
  });
});
