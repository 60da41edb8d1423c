import { beforeEach, describe, expect, it } from 'vitest';
import type { BucketDocumentRows } from '../ports.js';
import { uniqueName } from './contract-subject.js';

/** What the stores of bucket documents rely on in BucketDocumentRepository (and its fake). */
export function describeBucketDocumentRepositoryContract(make: () => Promise<BucketDocumentRows>): void {
  describe('BucketDocumentRepository contract', () => {
    let rows: BucketDocumentRows;
    beforeEach(async () => {
      rows = await make();
    });

    it('answers a document only for the bucket created at the time recorded with it', async () => {
      const bucket = uniqueName();
      const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
      expect(await rows.get(bucket, created)).toBeUndefined();
      await rows.put(bucket, created, '{"blockPublicAcls":true}');
      expect(await rows.get(bucket, created)).toBe('{"blockPublicAcls":true}');
      expect(await rows.get(bucket, new Date(created.getTime() + 1))).toBeUndefined();
    });

    it('replaces a document, hands none to a bucket created later, and forgets it once deleted', async () => {
      const bucket = uniqueName();
      const old = new Date(Date.UTC(2024, 0, 1));
      const created = new Date(Date.UTC(2024, 0, 2));
      await rows.put(bucket, old, 'ObjectWriter');
      expect(await rows.get(bucket, created)).toBeUndefined();
      await rows.put(bucket, created, 'BucketOwnerEnforced');
      expect(await rows.get(bucket, created)).toBe('BucketOwnerEnforced');
      expect(await rows.get(bucket, old)).toBeUndefined();
      await rows.delete(bucket);
      expect(await rows.get(bucket, created)).toBeUndefined();
      await rows.delete(bucket);
    });

    it('lists every row with the creation time it records, and no deleted one', async () => {
      const [a, b] = [uniqueName(), uniqueName()];
      const created = new Date(Date.UTC(2024, 0, 3, 4, 5, 6, 789));
      await rows.put(a, created, 'A');
      await rows.put(b, created, 'B');
      await rows.delete(b);
      const listed = [];
      for await (const row of rows.all()) if (row.bucket === a || row.bucket === b) listed.push(row);
      expect(listed).toEqual([{ bucket: a, createdAt: created, text: 'A' }]);
    });
  });
}
