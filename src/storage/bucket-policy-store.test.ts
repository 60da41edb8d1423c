import { describe, expect, it } from 'vitest';
import { MemoryBucketDocumentRepository } from '../metadata/memory/memory-bucket-document-repository.js';
import { BucketPolicyStore } from './bucket-policy-store.js';
import { bucketNamedB as bucket } from './storage.fixture.js';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
});

describe('BucketPolicyStore', () => {
  it('keeps the text as it was put with its parsed form, and none once deleted', async () => {
    const rows = new MemoryBucketDocumentRepository();
    const store = new BucketPolicyStore(rows, 60_000);
    expect(await store.get(bucket())).toBeUndefined();
    await store.put(bucket(), POLICY);
    const stored = await store.get(bucket());
    expect(stored?.text).toBe(POLICY);
    expect(stored?.policy?.statements).toHaveLength(1);
    await store.delete(bucket());
    expect(await store.get(bucket())).toBeUndefined();
  });

  it('keeps a stored text that no longer parses, without a parsed policy', async () => {
    const rows = new MemoryBucketDocumentRepository();
    rows.rows.set('b', { createdAt: 1000, text: '{"Statement":[]}' });
    const stored = await new BucketPolicyStore(rows).get(bucket());
    expect(stored).toEqual({ text: '{"Statement":[]}', policy: undefined });
  });
});
