import { beforeEach, describe, expect, it } from 'vitest';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, sampleVersion, uniqueName } from './contract-subject.js';

/** What listings and deletes rely on in FolderRepository, over the rows VersionRepository writes. */
export function describeFolderRepositoryContract(make: MakeSubject): void {
  describe('FolderRepository contract', () => {
    let rows: MetadataRows;
    let bucket: string;
    beforeEach(async () => {
      rows = (await make()).rows;
      bucket = uniqueName();
    });

    const put = (key: string, size = 7) =>
      rows.versions.commitVersion(sampleVersion(rows, bucket, key, { size }), []);
    const hide = (key: string) =>
      rows.versions.commitVersion(
        sampleVersion(rows, bucket, key, { isDeleteMarker: true, size: 0, etag: '' }),
        [],
      );
    const names = async (folder: string, after = '', limit = 100, startsWith = '') =>
      (await rows.folders.children(bucket, folder, after, limit, startsWith)).map((e) => e.name);

    it("lists a folder's children in byte order: sub-folders with a slash, files with size and ETag", async () => {
      for (const key of ['a/b/c.txt', 'z.txt', 'a/d.txt', 'a-file']) await put(key);
      expect(await names('')).toEqual(['a-file', 'a/', 'z.txt']);
      expect(await names('a/')).toEqual(['b/', 'd.txt']);
      const [folder, file] = await rows.folders.children(bucket, 'a/', '', 10);
      expect(folder).toEqual({ name: 'b/', isFolder: true, size: null, etag: null, lastModified: null });
      expect(file).toEqual({
        name: 'd.txt',
        isFolder: false,
        size: 7,
        etag: '"etag"',
        lastModified: expect.any(Date),
      });
      expect(await rows.folders.isEmpty(bucket, 'a/b/')).toBe(false);
      expect(await rows.folders.isEmpty(bucket, 'nothing/')).toBe(true);
    });

    it('pages children after a name, up to a limit, and keeps those starting with a string', async () => {
      for (const key of ['f/a1', 'f/a2', 'f/b1', 'f/b2/x']) await put(key);
      expect(await names('f/', '', 2)).toEqual(['a1', 'a2']);
      expect(await names('f/', 'a2', 10)).toEqual(['b1', 'b2/']);
      expect(await names('f/', '', 10, 'b')).toEqual(['b1', 'b2/']);
      expect(await names('f/', 'b1', 10, 'b')).toEqual(['b2/']);
      expect(await names('f/', '', 10, 'a')).toEqual(['a1', 'a2']);
    });

    it('drops a hidden key from its folder and prunes the folders that became empty, deepest first', async () => {
      await put('x/y/z/file');
      await put('x/keep');
      await hide('x/y/z/file');
      expect(await names('x/y/z/')).toEqual([]);
      await rows.folders.pruneEmptyFolders(bucket, 'x/y/z/file');
      expect(await names('x/y/')).toEqual([]);
      expect(await names('x/')).toEqual(['keep']);
      expect(await names('')).toEqual(['x/']);
    });

    it('keeps every folder that still has a child', async () => {
      await put('m/n/one');
      await put('m/n/two');
      await hide('m/n/one');
      await rows.folders.pruneEmptyFolders(bucket, 'm/n/one');
      expect(await names('m/n/')).toEqual(['two']);
      expect(await names('m/')).toEqual(['n/']);
    });

    it('keeps the entry of an object named like a folder it prunes (key "a/")', async () => {
      await put('a/', 3);
      await put('a/b');
      await hide('a/b');
      await rows.folders.pruneEmptyFolders(bucket, 'a/b');
      expect(await names('a/')).toEqual([]);
      const [entry, ...rest] = await rows.folders.children(bucket, '', '', 10);
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({ name: 'a/', size: 3, etag: '"etag"' });
    });

    it('deletes an object named like a folder ("a/") and prunes the folder once nothing is in it', async () => {
      await put('a/', 3);
      await put('a/b');
      await hide('a/');
      await rows.folders.pruneEmptyFolders(bucket, 'a/');
      expect(await rows.folders.children(bucket, '', '', 10)).toEqual([
        { name: 'a/', isFolder: true, size: null, etag: null, lastModified: null },
      ]);
      await hide('a/b');
      await rows.folders.pruneEmptyFolders(bucket, 'a/b');
      expect(await names('')).toEqual([]);
    });
  });
}
