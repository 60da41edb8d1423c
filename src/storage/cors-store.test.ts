import { describe, expect, it } from 'vitest';
import { MemoryBucketDocumentRepository } from '../metadata/memory/memory-bucket-document-repository.js';
import { type CorsRule, CorsStore } from './cors-store.js';
import { bucketNamedB as bucket } from './storage.fixture.js';

const RULE: CorsRule = {
  id: 'r1',
  allowedMethods: ['GET', 'PUT'],
  allowedOrigins: ['http://*.example.com'],
  allowedHeaders: ['*'],
  exposeHeaders: ['ETag'],
  maxAgeSeconds: 600,
};

describe('CorsStore', () => {
  it('keeps the rules as they were put, and none once deleted', async () => {
    const rows = new MemoryBucketDocumentRepository();
    const store = new CorsStore(rows, 60_000);
    expect(await store.get(bucket())).toBeUndefined();
    await store.put(bucket(), [RULE]);
    expect(await store.get(bucket())).toEqual([RULE]);
    expect(rows.rows.get('b')?.text).toBe(JSON.stringify([RULE]));
    await store.delete(bucket());
    expect(await store.get(bucket())).toBeUndefined();
    expect(rows.rows.size).toBe(0);
  });
});
