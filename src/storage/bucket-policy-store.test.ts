import { describe, expect, it } from 'vitest';
import type { Bucket } from '../metadata/bucket-repository.js';
import { BucketPolicyStore, type PolicyRows } from './bucket-policy-store.js';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
});

/** An in-memory `bucket_policies` that counts its reads. */
function rows() {
  const table = new Map<string, { createdAt: number; text: string }>();
  const counted = { reads: 0 };
  const fake: PolicyRows = {
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

describe('BucketPolicyStore', () => {
  it('caches a policy and its absence, and forgets both on a change', async () => {
    const { fake, counted } = rows();
    const store = new BucketPolicyStore(fake, 60_000);
    expect(await store.get(bucket())).toBeUndefined();
    expect(await store.get(bucket())).toBeUndefined();
    expect(counted.reads).toBe(1);
    await store.put(bucket(), POLICY);
    const stored = await store.get(bucket());
    expect(stored?.text).toBe(POLICY);
    expect(stored?.policy?.statements).toHaveLength(1);
    expect(counted.reads).toBe(2);
    await store.get(bucket());
    expect(counted.reads).toBe(2);
    await store.delete(bucket());
    expect(await store.get(bucket())).toBeUndefined();
    expect(counted.reads).toBe(3);
  });

  it('never gives a re-created bucket the policy of the old one', async () => {
    const { fake } = rows();
    const store = new BucketPolicyStore(fake, 60_000);
    await store.put(bucket(new Date(1000)), POLICY);
    expect((await store.get(bucket(new Date(1000))))?.text).toBe(POLICY);
    expect(await store.get(bucket(new Date(2000)))).toBeUndefined();
  });

  it('reads again once the cache time has passed', async () => {
    const { fake, counted, table } = rows();
    const store = new BucketPolicyStore(fake, 0);
    expect(await store.get(bucket())).toBeUndefined();
    table.set('b', { createdAt: 1000, text: POLICY });
    expect((await store.get(bucket()))?.text).toBe(POLICY);
    expect(counted.reads).toBe(2);
  });

  it('keeps a stored text that no longer parses, without a parsed policy', async () => {
    const { fake, table } = rows();
    table.set('b', { createdAt: 1000, text: '{"Statement":[]}' });
    const stored = await new BucketPolicyStore(fake).get(bucket());
    expect(stored).toEqual({ text: '{"Statement":[]}', policy: undefined });
  });
});
