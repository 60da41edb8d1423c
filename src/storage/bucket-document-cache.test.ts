import { describe, expect, it } from 'vitest';
import { MemoryBucketDocumentRepository } from '../metadata/memory/memory-bucket-document-repository.js';
import { BucketDocumentCache } from './bucket-document-cache.js';
import { bucketNamedB as bucket } from './storage.fixture.js';

function cached(cacheMs: number) {
  const rows = new MemoryBucketDocumentRepository();
  const cache = new BucketDocumentCache((b) => rows.get(b.name, b.createdAt), cacheMs);
  return { rows, cache };
}

describe('BucketDocumentCache', () => {
  it('caches a document and its absence, and forgets both on a change', async () => {
    const { rows, cache } = cached(60_000);
    expect(await cache.get(bucket())).toBeUndefined();
    expect(await cache.get(bucket())).toBeUndefined();
    expect(rows.reads).toBe(1);
    await cache.change(bucket(), () => rows.put('b', bucket().createdAt, 'doc'));
    expect(await cache.get(bucket())).toBe('doc');
    expect(await cache.get(bucket())).toBe('doc');
    expect(rows.reads).toBe(2);
    await cache.change(bucket(), () => rows.delete('b'));
    expect(await cache.get(bucket())).toBeUndefined();
    expect(rows.reads).toBe(3);
  });

  it('forgets the entry even when the write fails', async () => {
    const { rows, cache } = cached(60_000);
    await cache.get(bucket());
    rows.rows.set('b', { createdAt: 1000, text: 'written before the failure' });
    await expect(cache.change(bucket(), () => Promise.reject(new Error('timeout')))).rejects.toThrow(
      'timeout',
    );
    expect(await cache.get(bucket())).toBe('written before the failure');
  });

  it('never answers the document of an earlier bucket of the same name', async () => {
    const { rows, cache } = cached(60_000);
    await cache.change(bucket(new Date(1000)), () => rows.put('b', new Date(1000), 'old'));
    expect(await cache.get(bucket(new Date(1000)))).toBe('old');
    expect(await cache.get(bucket(new Date(2000)))).toBeUndefined();
  });

  it('reads again once the cache time has passed', async () => {
    const { rows, cache } = cached(0);
    expect(await cache.get(bucket())).toBeUndefined();
    rows.rows.set('b', { createdAt: 1000, text: 'doc' });
    await new Promise((r) => setTimeout(r, 2));
    expect(await cache.get(bucket())).toBe('doc');
    expect(rows.reads).toBe(2);
  });
});
