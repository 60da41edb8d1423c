import { beforeEach, describe, expect, it } from 'vitest';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, uniqueName } from './contract-subject.js';

/** What CorsStore relies on in BucketCorsRepository. */
export function describeBucketCorsRepositoryContract(make: MakeSubject): void {
  describe('BucketCorsRepository contract', () => {
    let rows: MetadataRows;
    beforeEach(async () => {
      rows = (await make()).rows;
    });

    it('answers the rules only for the bucket created at the time recorded with them', async () => {
      const bucket = uniqueName();
      const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
      expect(await rows.cors.get(bucket, created)).toBeUndefined();
      await rows.cors.put(bucket, created, '[{"a":1}]');
      expect(await rows.cors.get(bucket, created)).toBe('[{"a":1}]');
      expect(await rows.cors.get(bucket, new Date(created.getTime() + 1))).toBeUndefined();
    });

    it('replaces the rules on a second put and forgets them on delete', async () => {
      const bucket = uniqueName();
      const created = new Date(Date.UTC(2025, 5, 6));
      await rows.cors.put(bucket, created, 'first');
      await rows.cors.put(bucket, created, 'second');
      expect(await rows.cors.get(bucket, created)).toBe('second');
      await rows.cors.delete(bucket);
      expect(await rows.cors.get(bucket, created)).toBeUndefined();
      await rows.cors.delete(bucket);
      expect(await rows.cors.get(bucket, created)).toBeUndefined();
    });
  });
}
