import { beforeEach, describe, expect, it } from 'vitest';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, uniqueName } from './contract-subject.js';

/** What VersionSideData and BucketTagStore rely on in TagRepository. */
export function describeTagRepositoryContract(make: MakeSubject): void {
  describe('TagRepository contract', () => {
    let rows: MetadataRows;
    beforeEach(async () => {
      rows = (await make()).rows;
    });

    it('keeps object tags per version, answers them in UTF-8 key order, and none as an empty set', async () => {
      const bucket = uniqueName();
      const [v1, v2] = [rows.versions.newVersionId(), rows.versions.newVersionId()];
      expect(await rows.tags.objectTags(bucket, 'k', v1)).toEqual([]);
      const put = [
        { key: 'é', value: 'accent' },
        { key: 'b', value: '' },
        { key: '10', value: 'ten' },
        { key: 'B', value: 'upper' },
        { key: '2', value: 'two' },
      ];
      await rows.tags.setObjectTags(bucket, 'k', v1, put);
      await rows.tags.setObjectTags(bucket, 'k', v2, [{ key: 'only', value: 'v2' }]);
      expect(await rows.tags.objectTags(bucket, 'k', v1)).toEqual([
        { key: '10', value: 'ten' },
        { key: '2', value: 'two' },
        { key: 'B', value: 'upper' },
        { key: 'b', value: '' },
        { key: 'é', value: 'accent' },
      ]);
      expect(await rows.tags.objectTags(bucket, 'other', v1)).toEqual([]);
      await rows.tags.setObjectTags(bucket, 'k', v1, [{ key: 'replaced', value: 'yes' }]);
      expect(await rows.tags.objectTags(bucket, 'k', v1)).toEqual([{ key: 'replaced', value: 'yes' }]);
      await rows.tags.setObjectTags(bucket, 'k', v2, []);
      expect(await rows.tags.objectTags(bucket, 'k', v2)).toEqual([]);
      await rows.tags.deleteObjectTags(bucket, 'k', v1);
      expect(await rows.tags.objectTags(bucket, 'k', v1)).toEqual([]);
    });

    it('answers bucket tags only for the bucket created at the time recorded with them', async () => {
      const bucket = uniqueName();
      const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
      expect(await rows.tags.bucketTags(bucket, created)).toBeUndefined();
      await rows.tags.setBucketTags(bucket, created, [
        { key: 'team', value: 'a' },
        { key: 'cost', value: '1' },
      ]);
      expect(await rows.tags.bucketTags(bucket, created)).toEqual([
        { key: 'cost', value: '1' },
        { key: 'team', value: 'a' },
      ]);
      expect(await rows.tags.bucketTags(bucket, new Date(created.getTime() + 1))).toBeUndefined();
      await rows.tags.setBucketTags(bucket, created, []);
      expect(await rows.tags.bucketTags(bucket, created)).toBeUndefined();
      await rows.tags.setBucketTags(bucket, created, [{ key: 'x', value: 'y' }]);
      await rows.tags.deleteBucketTags(bucket);
      expect(await rows.tags.bucketTags(bucket, created)).toBeUndefined();
    });
  });
}
