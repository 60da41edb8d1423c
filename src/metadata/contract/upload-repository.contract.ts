import { beforeEach, describe, expect, it } from 'vitest';
import type { MetadataRows } from '../ports.js';
import type { MultipartUpload, UploadedPart } from '../upload-repository.js';
import { type MakeSubject, uniqueName } from './contract-subject.js';

/** What MultipartStore and Complete rely on in UploadRepository: uploads, their parts, listings. */
export function describeUploadRepositoryContract(make: MakeSubject): void {
  describe('UploadRepository contract', () => {
    let rows: MetadataRows;
    let bucket: string;
    beforeEach(async () => {
      rows = (await make()).rows;
      bucket = uniqueName();
    });

    function upload(key: string, fields: Partial<MultipartUpload> = {}): MultipartUpload {
      return {
        bucket,
        key,
        uploadId: rows.uploads.newId(),
        initiated: new Date(Date.UTC(2024, 1, 2, 3, 4, 5, 6)),
        owner: 'owner-id',
        contentType: 'video/mp4',
        headers: { 'content-disposition': 'inline' },
        userMeta: { a: 'b' },
        checksumAlgorithm: 'CRC32',
        checksumType: 'FULL_OBJECT',
        grants: ['READ id:abc'],
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '' },
        ],
        ...fields,
      };
    }

    function part(partNumber: number, fields: Partial<UploadedPart> = {}): UploadedPart {
      const lastModified = new Date(Date.UTC(2024, 1, 2, 3, 4, 5, partNumber));
      return {
        partNumber,
        blobId: rows.blobs.newId(),
        size: 5 * partNumber,
        etag: `"e${partNumber}"`,
        checksum: null,
        lastModified,
        ...fields,
      };
    }

    it('reads back an upload field for field; empty metadata, an empty ACL and no tags read as none', async () => {
      const full = upload('k');
      const bare = upload('k', {
        headers: {},
        userMeta: {},
        checksumAlgorithm: null,
        checksumType: null,
        grants: [],
        tags: [],
      });
      await rows.uploads.create(full);
      await rows.uploads.create(bare);
      expect(await rows.uploads.get(bucket, 'k', full.uploadId)).toEqual(full);
      expect(await rows.uploads.get(bucket, 'k', bare.uploadId)).toEqual({
        ...bare,
        grants: null,
        tags: undefined,
      });
      expect(await rows.uploads.get(bucket, 'other', full.uploadId)).toBeUndefined();
      await rows.uploads.delete(bucket, 'k', full.uploadId);
      expect(await rows.uploads.get(bucket, 'k', full.uploadId)).toBeUndefined();
      expect(await rows.uploads.get(bucket, 'k', bare.uploadId)).toEqual({
        ...bare,
        grants: null,
        tags: undefined,
      });
    });

    it('lists uploads by key then upload id, from a key or an upload, below an end key, up to a limit', async () => {
      const [b1, a1, b2, c1] = [upload('b'), upload('a'), upload('b'), upload('c')];
      for (const u of [c1!, b2!, a1!, b1!]) await rows.uploads.create(u);
      const ids = async (...args: Parameters<MetadataRows['uploads']['list']>) =>
        (await rows.uploads.list(...args)).map((u) => u.uploadId);
      const order = [a1!, b1!, b2!, c1!].map((u) => u.uploadId);
      expect(await ids(bucket, { key: '', inclusive: true }, undefined, 100)).toEqual(order);
      expect(await ids(bucket, { key: 'b', inclusive: true }, undefined, 100)).toEqual(order.slice(1));
      expect(await ids(bucket, { key: 'b', inclusive: false }, undefined, 100)).toEqual(order.slice(3));
      expect(
        await ids(bucket, { key: 'b', uploadId: b1!.uploadId, inclusive: false }, undefined, 100),
      ).toEqual(order.slice(2));
      expect(await ids(bucket, { key: '', inclusive: true }, 'c', 100)).toEqual(order.slice(0, 3));
      expect(await ids(bucket, { key: '', inclusive: true }, undefined, 2)).toEqual(order.slice(0, 2));
      const all: string[] = [];
      for await (const u of rows.uploads.all()) if (u.bucket === bucket) all.push(u.uploadId);
      expect(all.sort()).toEqual([...order].sort());
    });

    it('keeps one row per part number, listed in order after a part number, up to a limit', async () => {
      const id = rows.uploads.newId();
      const [p1, p2, p3] = [part(1), part(2, { checksum: 'sum2' }), part(3)];
      for (const p of [p3!, p1!, p2!]) await rows.uploads.putPart(id, p);
      expect(await rows.uploads.parts(id)).toEqual([p1, p2, p3]);
      expect(await rows.uploads.parts(id, 1)).toEqual([p2, p3]);
      expect(await rows.uploads.parts(id, 0, 2)).toEqual([p1, p2]);
      const replaced = part(2, { etag: '"again"' });
      await rows.uploads.putPart(id, replaced);
      expect(await rows.uploads.part(id, 2)).toEqual(replaced);
      expect(await rows.uploads.part(id, 4)).toBeUndefined();
    });

    it('deletes one part, or every part of an upload', async () => {
      const id = rows.uploads.newId();
      for (const n of [1, 2, 3]) await rows.uploads.putPart(id, part(n));
      await rows.uploads.deletePart(id, 2);
      expect((await rows.uploads.parts(id)).map((p) => p.partNumber)).toEqual([1, 3]);
      await rows.uploads.deleteParts(id);
      expect(await rows.uploads.parts(id)).toEqual([]);
      expect(await rows.uploads.part(id, 1)).toBeUndefined();
    });
  });
}
