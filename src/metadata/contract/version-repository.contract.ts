import { beforeEach, describe, expect, it } from 'vitest';
import type { VersionSegment } from '../object-types.js';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, sampleVersion, uniqueName } from './contract-subject.js';

function segment(partNumber: number, blobId: string, start: number, size: number): VersionSegment {
  return {
    partNumber,
    blobId,
    start,
    size,
    etag: `"part-${partNumber}"`,
    checksum: partNumber === 1 ? 'c1' : null,
  };
}

/** What ObjectStore relies on in VersionRepository: versions, their segments, and the listing rows. */
export function describeVersionRepositoryContract(make: MakeSubject): void {
  describe('VersionRepository contract', () => {
    let rows: MetadataRows;
    let bucket: string;
    beforeEach(async () => {
      rows = (await make()).rows;
      bucket = uniqueName();
    });

    const listed = async (prefix = '', from = '', inclusive = true, limit = 1000) =>
      (await rows.versions.listKeys(bucket, prefix, from, inclusive, limit)).map((o) => o.key);

    it('reads back a committed version field for field, and its segments in part order', async () => {
      const v = sampleVersion(rows, bucket, 'dir/file.txt', {
        size: 30,
        headers: { 'cache-control': 'no-cache' },
        userMeta: { colour: 'blue', naïve: 'café' },
        checksum: { algorithm: 'SHA256', value: 'abc=', type: 'COMPOSITE' },
        partsCount: 2,
      });
      const [b1, b2] = [rows.blobs.newId(), rows.blobs.newId()];
      await rows.versions.commitVersion(v, [segment(2, b2, 10, 20), segment(1, b1, 0, 10)]);
      expect(await rows.versions.current(bucket, v.key)).toEqual(v);
      expect(await rows.versions.version(bucket, v.key, v.versionId)).toEqual(v);
      expect(await rows.versions.versions(bucket, v.key)).toEqual([v]);
      expect(await rows.versions.segments(v.versionId)).toEqual([
        segment(1, b1, 0, 10),
        segment(2, b2, 10, 20),
      ]);
      expect((await rows.versions.segments(v.versionId)).length).toBeGreaterThan(0);
      expect(await rows.versions.current(bucket, 'dir/other')).toBeUndefined();
    });

    it("keeps a version's lock from its commit and replaces retention and legal hold apart", async () => {
      const until = new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678));
      const v = {
        ...sampleVersion(rows, bucket, 'locked', { inline: Buffer.from('x'), size: 1 }),
        retention: { mode: 'GOVERNANCE' as const, until },
      };
      await rows.versions.commitVersion(v, []);
      expect(await rows.versions.version(bucket, 'locked', v.versionId)).toEqual(v);
      await rows.versions.setLock(v, { legalHold: false });
      expect(await rows.versions.current(bucket, 'locked')).toEqual({ ...v, legalHold: false });
      const later = { mode: 'COMPLIANCE' as const, until: new Date(until.getTime() + 1000) };
      await rows.versions.setLock(v, { retention: later, legalHold: true });
      expect(await rows.versions.current(bucket, 'locked')).toEqual({
        ...v,
        retention: later,
        legalHold: true,
      });
      await rows.versions.setLock(v, { retention: null });
      const { retention: _gone, ...unretained } = v;
      expect(await rows.versions.current(bucket, 'locked')).toEqual({ ...unretained, legalHold: true });
    });

    it('keeps inline bytes, an empty body too, in a version without segments', async () => {
      const inline = sampleVersion(rows, bucket, 'small', { inline: Buffer.from('hello'), size: 5 });
      const empty = sampleVersion(rows, bucket, 'empty', { inline: Buffer.alloc(0), size: 0 });
      await rows.versions.commitVersion(inline, []);
      await rows.versions.commitVersion(empty, []);
      expect((await rows.versions.current(bucket, 'small'))?.inline).toEqual(Buffer.from('hello'));
      expect((await rows.versions.current(bucket, 'empty'))?.inline).toEqual(Buffer.alloc(0));
      expect(await rows.versions.segments(inline.versionId)).toEqual([]);
      expect(await rows.versions.segments(inline.versionId)).toEqual([]);
      expect(await rows.versions.segments(rows.versions.newVersionId())).toEqual([]);
    });

    it('lists the versions of a key newest first, whatever order they were committed in', async () => {
      const [a, b, c] = [0, 1, 2].map((i) =>
        sampleVersion(rows, bucket, 'k', { size: i, nullVersion: i === 1 }),
      );
      for (const v of [b!, c!, a!]) await rows.versions.commitVersion(v, []);
      expect((await rows.versions.versions(bucket, 'k')).map((v) => v.versionId)).toEqual(
        [c!, b!, a!].map((v) => v.versionId),
      );
      expect((await rows.versions.current(bucket, 'k'))?.versionId).toBe(c!.versionId);
      expect((await rows.versions.nullVersion(bucket, 'k'))?.versionId).toBe(b!.versionId);
      expect(await rows.versions.nullVersion(bucket, 'other')).toBeUndefined();
    });

    it('lists current keys in UTF-8 byte order, within a prefix, from a key, up to a limit', async () => {
      for (const key of ['b', '😀', 'a/x', '\uFFFD', 'a', 'a/y', 'ab']) {
        await rows.versions.commitVersion(sampleVersion(rows, bucket, key, { size: key.length }), []);
      }
      expect(await listed()).toEqual(['a', 'a/x', 'a/y', 'ab', 'b', '\uFFFD', '😀']);
      expect(await listed('a/', 'a/')).toEqual(['a/x', 'a/y']);
      expect(await listed('a/')).toEqual(['a', 'a/x', 'a/y']); // the prefix bounds the end only
      expect(await listed('', 'a/x', false)).toEqual(['a/y', 'ab', 'b', '\uFFFD', '😀']);
      expect(await listed('', 'a/x', true, 2)).toEqual(['a/x', 'a/y']);
      const [first] = await rows.versions.listKeys(bucket, 'ab', 'ab', true, 10);
      expect(first).toEqual({ key: 'ab', size: 2, etag: '"etag"', lastModified: expect.any(Date) });
    });

    it('lists the newer of two versions of a key, whatever order they were committed in', async () => {
      // Ids a millisecond apart: two ids of one millisecond can share a write timestamp, as
      // versionTimestamp drops the ticks below a microsecond, and then Cassandra mixes the rows.
      const older = sampleVersion(rows, bucket, 'race', { etag: '"older"' });
      await new Promise((r) => setTimeout(r, 2));
      const newer = sampleVersion(rows, bucket, 'race', { etag: '"newer"' });
      await rows.versions.commitVersion(newer, []);
      await rows.versions.commitVersion(older, []);
      const [row] = await rows.versions.listKeys(bucket, '', '', true, 10);
      expect(row?.etag).toBe('"newer"');
    });

    it('hides a key under a delete marker from the key listing, not from the versioned keys', async () => {
      await rows.versions.commitVersion(sampleVersion(rows, bucket, 'k'), []);
      const marker = sampleVersion(rows, bucket, 'k', { isDeleteMarker: true, size: 0, etag: '' });
      await rows.versions.commitVersion(marker, []);
      expect(await listed()).toEqual([]);
      expect(await rows.versions.listVersionKeys(bucket, '', '', true, 10)).toEqual(['k']);
      expect((await rows.versions.current(bucket, 'k'))?.isDeleteMarker).toBe(true);
    });

    it('unlists a key as of a time: a version older than that time stays hidden, a newer one is listed', async () => {
      const older = sampleVersion(rows, bucket, 'k');
      await new Promise((r) => setTimeout(r, 5));
      await rows.versions.unlist(bucket, 'k', new Date());
      await rows.versions.commitVersion(older, []);
      expect(await listed()).toEqual([]);
      expect(await rows.versions.listVersionKeys(bucket, '', '', true, 10)).toEqual([]);
      await new Promise((r) => setTimeout(r, 5));
      await rows.versions.commitVersion(sampleVersion(rows, bucket, 'k'), []);
      expect(await listed()).toEqual(['k']);
      expect(await rows.versions.listVersionKeys(bucket, '', '', true, 10)).toEqual(['k']);
    });

    it('unlists a key and deletes the versions it is given in the same write', async () => {
      const [a, b] = [sampleVersion(rows, bucket, 'k'), sampleVersion(rows, bucket, 'k')];
      await rows.versions.commitVersion(a, [segment(1, rows.blobs.newId(), 0, 10)]);
      await new Promise((r) => setTimeout(r, 5));
      await rows.versions.commitVersion(b, [segment(1, rows.blobs.newId(), 0, 10)]);
      await new Promise((r) => setTimeout(r, 5));
      await rows.versions.unlist(bucket, 'k', new Date(), [b.versionId]);
      expect(await listed()).toEqual([]);
      expect(await rows.versions.version(bucket, 'k', b.versionId)).toBeUndefined();
      expect(await rows.versions.segments(b.versionId)).toEqual([]);
      expect((await rows.versions.versions(bucket, 'k')).map((v) => v.versionId)).toEqual([a.versionId]);
    });

    it('moves segments to one blob only while each still names the blob it was read with', async () => {
      const v = sampleVersion(rows, bucket, 'k');
      const [a, b, merged] = [rows.blobs.newId(), rows.blobs.newId(), rows.blobs.newId()];
      await rows.versions.commitVersion(v, [segment(1, a, 0, 10), segment(2, b, 10, 5)]);
      const read = await rows.versions.segments(v.versionId);
      expect(read.map((s) => s.blobOffset)).toEqual([undefined, undefined]);
      const stale = [{ ...read[0]!, blobId: rows.blobs.newId() }, read[1]!];
      expect(await rows.versions.moveSegments(v.versionId, stale, merged)).toBe(false);
      expect((await rows.versions.segments(v.versionId)).map((s) => s.blobId)).toEqual([a, b]);
      expect(await rows.versions.moveSegments(v.versionId, read, merged)).toBe(true);
      const moved = await rows.versions.segments(v.versionId);
      expect(moved.map((s) => [s.partNumber, s.blobId, s.start, s.size, s.blobOffset])).toEqual([
        [1, merged, 0, 10, 0],
        [2, merged, 10, 5, 10],
      ]);
      // A deleted version has no rows to move: nothing is written back.
      await rows.versions.deleteVersion(bucket, 'k', v.versionId);
      expect(await rows.versions.moveSegments(v.versionId, moved, rows.blobs.newId())).toBe(false);
      expect(await rows.versions.segments(v.versionId)).toEqual([]);
    });

    it('deletes a version and its segments, and keeps the other versions', async () => {
      const [a, b] = [sampleVersion(rows, bucket, 'k'), sampleVersion(rows, bucket, 'k')];
      await rows.versions.commitVersion(a, [segment(1, rows.blobs.newId(), 0, 10)]);
      await rows.versions.commitVersion(b, [segment(1, rows.blobs.newId(), 0, 10)]);
      await rows.versions.deleteVersion(bucket, 'k', b.versionId);
      expect(await rows.versions.version(bucket, 'k', b.versionId)).toBeUndefined();
      expect(await rows.versions.segments(b.versionId)).toEqual([]);
      expect(await rows.versions.segments(b.versionId)).toEqual([]);
      expect((await rows.versions.versions(bucket, 'k')).map((v) => v.versionId)).toEqual([a.versionId]);
    });

    it('relists a key from its newest remaining version, and forgets a key none remains of', async () => {
      const v = sampleVersion(rows, bucket, 'k', { etag: '"kept"' });
      const marker = sampleVersion(rows, bucket, 'k', { isDeleteMarker: true, size: 0, etag: '' });
      await rows.versions.commitVersion(v, []);
      await rows.versions.commitVersion(marker, []);
      await rows.versions.deleteVersion(bucket, 'k', marker.versionId);
      // A relist in the marker's own millisecond ties with its tombstone, which wins ties.
      await new Promise((r) => setTimeout(r, 2));
      expect((await rows.versions.relist(bucket, 'k', new Date()))?.versionId).toBe(v.versionId);
      expect((await rows.versions.listKeys(bucket, '', '', true, 10)).map((o) => o.etag)).toEqual(['"kept"']);
      await rows.versions.deleteVersion(bucket, 'k', v.versionId);
      expect(await rows.versions.relist(bucket, 'k', new Date())).toBeUndefined();
      expect(await listed()).toEqual([]);
      expect(await rows.versions.listVersionKeys(bucket, '', '', true, 10)).toEqual([]);
    });

    it('pages the keys that have versions, in byte order within a prefix', async () => {
      for (const key of ['p/2', 'p/1', 'q', 'p/3'])
        await rows.versions.commitVersion(sampleVersion(rows, bucket, key), []);
      expect(await rows.versions.listVersionKeys(bucket, 'p/', 'p/', true, 2)).toEqual(['p/1', 'p/2']);
      expect(await rows.versions.listVersionKeys(bucket, 'p/', 'p/2', false, 10)).toEqual(['p/3']);
      expect(await rows.versions.listVersionKeys(bucket, '', 'p/3', true, 10)).toEqual(['p/3', 'q']);
    });
  });
}
