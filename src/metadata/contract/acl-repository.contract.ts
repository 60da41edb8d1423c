import { beforeEach, describe, expect, it } from 'vitest';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, uniqueName } from './contract-subject.js';

/** What VersionSideData and BucketStore rely on in AclRepository. */
export function describeAclRepositoryContract(make: MakeSubject): void {
  describe('AclRepository contract', () => {
    let rows: MetadataRows;
    beforeEach(async () => {
      rows = (await make()).rows;
    });

    it('answers bucket grants only for the bucket created at the time recorded with them', async () => {
      const bucket = uniqueName();
      const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
      expect(await rows.acls.bucketGrants(bucket, created)).toBeUndefined();
      await rows.acls.setBucketGrants(bucket, created, ['READ uri:AllUsers', 'FULL_CONTROL id:abc']);
      expect(await rows.acls.bucketGrants(bucket, created)).toEqual([
        'READ uri:AllUsers',
        'FULL_CONTROL id:abc',
      ]);
      expect(await rows.acls.bucketGrants(bucket, new Date(created.getTime() + 1))).toBeUndefined();
      await rows.acls.setBucketGrants(bucket, created, []);
      expect(await rows.acls.bucketGrants(bucket, created)).toEqual([]);
    });

    it('keeps object grants per version, an empty list as no grants, until the version is deleted', async () => {
      const bucket = uniqueName();
      const [v1, v2] = [rows.versions.newVersionId(), rows.versions.newVersionId()];
      await rows.acls.setObjectGrants(bucket, 'k', v1, ['READ id:abc']);
      await rows.acls.setObjectGrants(bucket, 'k', v2, []);
      expect(await rows.acls.objectGrants(bucket, 'k', v1)).toEqual(['READ id:abc']);
      expect(await rows.acls.objectGrants(bucket, 'k', v2)).toEqual([]);
      expect(await rows.acls.objectGrants(bucket, 'other', v1)).toBeUndefined();
      // Deleting a version's rows deletes its ACL in the same batch: by id, and by unlisting the key.
      await rows.versions.deleteVersion(bucket, 'k', v1);
      expect(await rows.acls.objectGrants(bucket, 'k', v1)).toBeUndefined();
      expect(await rows.acls.objectGrants(bucket, 'k', v2)).toEqual([]);
      await rows.versions.unlist(bucket, 'k', new Date(), [v2]);
      expect(await rows.acls.objectGrants(bucket, 'k', v2)).toBeUndefined();
    });
  });
}
