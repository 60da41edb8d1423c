import { beforeEach, describe, expect, it } from 'vitest';
import type { Bucket } from '../bucket-repository.js';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, sampleVersion, uniqueName } from './contract-subject.js';

/** What BucketStore relies on in BucketRepository: an LWT create, IF EXISTS updates, emptiness. */
export function describeBucketRepositoryContract(make: MakeSubject): void {
  describe('BucketRepository contract', () => {
    let rows: MetadataRows;
    beforeEach(async () => {
      rows = (await make()).rows;
    });

    function bucket(fields: Partial<Bucket> = {}): Bucket {
      return {
        name: uniqueName('bucket'),
        owner: 'owner-id',
        createdAt: new Date(Date.UTC(2024, 5, 6, 7, 8, 9, 10)),
        acl: 'private',
        versioning: 'Unversioned',
        region: 'eu-west-1',
        ...fields,
      };
    }

    it('creates a bucket once; a second create answers the bucket that exists', async () => {
      const first = bucket();
      expect(await rows.buckets.create(first)).toEqual({ created: true });
      const outcome = await rows.buckets.create({ ...first, owner: 'intruder', region: 'us-east-1' });
      expect(outcome).toEqual({ created: false, existing: first });
      expect(await rows.buckets.get(first.name)).toEqual(first);
      expect(await rows.buckets.get(uniqueName('bucket'))).toBeUndefined();
    });

    it('changes the versioning and canned ACL of an existing bucket, and never creates one', async () => {
      const b = bucket();
      await rows.buckets.create(b);
      await rows.buckets.setVersioning(b.name, 'Enabled');
      await rows.buckets.setAcl(b.name, 'public-read');
      expect(await rows.buckets.get(b.name)).toEqual({ ...b, versioning: 'Enabled', acl: 'public-read' });
      const missing = uniqueName('bucket');
      await rows.buckets.setVersioning(missing, 'Enabled');
      await rows.buckets.setAcl(missing, 'public-read');
      expect(await rows.buckets.get(missing)).toBeUndefined();
    });

    it('creates a lock bucket with its configuration in the create, and replaces only that', async () => {
      const locked = bucket({ versioning: 'Enabled', objectLock: {} });
      await rows.buckets.create(locked);
      expect(await rows.buckets.get(locked.name)).toEqual(locked);
      const config = { defaultRetention: { mode: 'COMPLIANCE' as const, days: 3 } };
      await rows.buckets.setObjectLock(locked.name, config);
      expect(await rows.buckets.get(locked.name)).toEqual({ ...locked, objectLock: config });
      const missing = uniqueName('bucket');
      await rows.buckets.setObjectLock(missing, config);
      expect(await rows.buckets.get(missing)).toBeUndefined();
    });

    it('records once an object was tagged; a bucket created again starts without the mark', async () => {
      const b = bucket();
      await rows.buckets.create(b);
      expect((await rows.buckets.get(b.name))?.taggedObjects).toBeUndefined();
      await rows.buckets.markTaggedObjects(b.name);
      expect(await rows.buckets.get(b.name)).toEqual({ ...b, taggedObjects: true });
      await rows.buckets.delete(b.name);
      await rows.buckets.create(b);
      expect(await rows.buckets.get(b.name)).toEqual(b);
      const missing = uniqueName('bucket');
      await rows.buckets.markTaggedObjects(missing);
      expect(await rows.buckets.get(missing)).toBeUndefined();
    });

    it('is empty until a version or an upload exists in it', async () => {
      const b = bucket();
      await rows.buckets.create(b);
      expect(await rows.buckets.isEmpty(b.name)).toBe(true);
      expect(await rows.buckets.hasObjects(b.name)).toBe(false);
      await rows.uploads.create({
        bucket: b.name,
        key: 'k',
        uploadId: rows.uploads.newId(),
        initiated: new Date(),
        owner: 'o',
        contentType: 'text/plain',
        headers: {},
        userMeta: {},
        checksumAlgorithm: null,
        checksumType: null,
        grants: null,
      });
      expect(await rows.buckets.isEmpty(b.name)).toBe(false);
      expect(await rows.buckets.hasObjects(b.name)).toBe(false);
      const marker = sampleVersion(rows, b.name, 'gone', { isDeleteMarker: true, size: 0, etag: '' });
      await rows.versions.commitVersion(marker, []);
      expect(await rows.buckets.hasObjects(b.name)).toBe(true);
    });

    it('lists buckets by name and deletes them', async () => {
      const [a, c] = [bucket({ name: uniqueName('zz-b') }), bucket({ name: uniqueName('zz-a') })];
      await rows.buckets.create(a);
      await rows.buckets.create(c);
      const names = (await rows.buckets.list()).map((x) => x.name);
      expect(names).toEqual([...names].sort());
      expect(names.indexOf(c.name)).toBeLessThan(names.indexOf(a.name));
      await rows.buckets.delete(a.name);
      expect(await rows.buckets.get(a.name)).toBeUndefined();
      expect((await rows.buckets.list()).map((x) => x.name)).not.toContain(a.name);
      expect((await rows.buckets.list()).map((x) => x.name)).toContain(c.name);
    });
  });
}
