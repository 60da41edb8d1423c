import { describe, expect, it, vi } from 'vitest';
import { ALL_USERS } from '../accounts/grants.js';
import type { ObjectVersion } from '../metadata/object-types.js';
import { collectGarbage } from './background/garbage-collector.js';
import { sweepIntents } from './background/intent-sweeper.js';
import { BUCKET, bytes, hashesOf, useStorage, WRITTEN } from './storage.fixture.js';

/** A delete marker's tombstones and a relist in the same millisecond tie, and tombstones win ties. */
const nextMillisecond = () => new Promise((r) => setTimeout(r, 2));

const fx = useStorage();

/** A version whose ETag is its size, so a listing shows which one is current. */
const put = (key: string, data: Buffer, nullVersion: boolean) =>
  fx.put(key, data, { nullVersion, etag: `"${data.length}"` });

async function blobOf(version: ObjectVersion): Promise<string> {
  return (await fx.rows.versions.segments(version.versionId))[0]!.blobId;
}

const ids = async (key: string) => (await fx.rows.versions.versions(BUCKET, key)).map((v) => v.versionId);
const listed = async () => (await fx.rows.versions.listKeys(BUCKET, '', '', true, 100)).map((o) => o.key);

describe('ObjectStore: releasing versions', () => {
  it('frees the blocks nothing else references and keeps the shared ones', async () => {
    const shared = bytes(20_000, 1);
    const a = Buffer.concat([shared, bytes(20_000, 2)]);
    const b = Buffer.concat([shared, bytes(20_000, 3)]);
    const [ha, hb] = [new Set(hashesOf(a)), new Set(hashesOf(b))];
    const common = [...ha].filter((h) => hb.has(h));
    const onlyA = [...ha].filter((h) => !hb.has(h));
    expect(common.length).toBeGreaterThan(5);
    expect(onlyA.length).toBeGreaterThan(5);
    await put('a', a, true);
    const vb = await put('b', b, true);
    await fx.objects.deleteObject(BUCKET, 'a', 'Unversioned');
    for (const h of onlyA) expect(await fx.rows.refs.count(h)).toBe(0);
    for (const h of common) expect(await fx.rows.refs.count(h)).toBe(1);
    const queued = (await fx.rows.gcQueue.due(new Date(Date.now() + 1000), 1000)).map((c) => c.hash);
    expect(new Set(queued)).toEqual(ha);
    const stats = await collectGarbage(fx.collectorDeps(), 0);
    expect(stats).toEqual({ examined: ha.size, removed: onlyA.length, kept: common.length });
    for (const h of onlyA)
      expect([await fx.store.has(h), await fx.rows.states.get(h)]).toEqual([false, undefined]);
    for (const h of hb) {
      expect(await fx.store.has(h)).toBe(true);
      expect(WRITTEN).toContain(await fx.rows.states.get(h));
    }
    const read: Buffer[] = [];
    for await (const piece of await fx.objects.open(vb, { start: 0, end: b.length - 1 }))
      read.push(piece as Buffer);
    expect(Buffer.concat(read).equals(b)).toBe(true);
  });

  it('releases the version an unversioned overwrite replaces, with its blob, ACL and tags', async () => {
    const first = await put('dir/k', bytes(5000, 4), true);
    await fx.objects.setGrants(first, [{ grantee: { kind: 'group', uri: ALL_USERS }, permission: 'READ' }]);
    await fx.objects.setTags(first, [{ key: 'a', value: '1' }]);
    expect(await fx.objects.tags(first)).toEqual([{ key: 'a', value: '1' }]);
    expect(await fx.objects.grants(first)).toEqual([
      { grantee: { kind: 'group', uri: ALL_USERS }, permission: 'READ' },
    ]);
    const firstBlob = await blobOf(first);
    const second = await put('dir/k', bytes(5000, 5), true);
    expect(await ids('dir/k')).toEqual([second.versionId]);
    expect(await fx.rows.blobs.state(firstBlob)).toBeUndefined();
    expect(await fx.rows.acls.objectGrants(BUCKET, 'dir/k', first.versionId)).toBeUndefined();
    expect(
      fx.rows.db.tables.objectTags.get({ bucket: BUCKET, key: 'dir/k', version_id: first.versionId }),
    ).toBe(undefined);
    for (const h of hashesOf(bytes(5000, 4))) expect(await fx.rows.refs.count(h)).toBe(0);
  });
});

describe('ObjectStore: DeleteObject and DeleteVersion', () => {
  it('removes the key, every version and the emptied folders in an unversioned bucket', async () => {
    const v = await put('dir/sub/k', bytes(5000, 6), true);
    const blob = await blobOf(v);
    expect(await fx.objects.deleteObject(BUCKET, 'dir/sub/k', 'Unversioned')).toEqual({
      deleteMarker: false,
      version: undefined,
    });
    expect(await fx.objects.current(BUCKET, 'dir/sub/k')).toBeUndefined();
    expect(await ids('dir/sub/k')).toEqual([]);
    expect(await listed()).toEqual([]);
    expect(await fx.rows.versions.listVersionKeys(BUCKET, '', '', true, 10)).toEqual([]);
    expect(await fx.rows.folders.children(BUCKET, '', '', 10)).toEqual([]);
    expect(await fx.rows.blobs.state(blob)).toBeUndefined();
    expect(fx.rows.db.tables.blockRefs.scan()).toEqual([]);
  });

  it('writes a delete marker in a versioned bucket and keeps the version below it', async () => {
    const v = await put('k', bytes(5000, 7), false);
    const outcome = await fx.objects.deleteObject(BUCKET, 'k', 'Enabled');
    expect(outcome.deleteMarker).toBe(true);
    expect(outcome.version).toMatchObject({ isDeleteMarker: true, nullVersion: false, size: 0 });
    expect(await ids('k')).toEqual([outcome.version!.versionId, v.versionId]);
    expect((await fx.objects.current(BUCKET, 'k'))?.isDeleteMarker).toBe(true);
    expect(await listed()).toEqual([]);
    expect(await fx.rows.blobs.state(await blobOf(v))).toBe('COMMITTED');
    for (const h of hashesOf(bytes(5000, 7))) expect(await fx.rows.refs.count(h)).toBe(1);
  });

  it('brings the version below back when its delete marker is deleted by id', async () => {
    const v = await put('k', bytes(5000, 8), false);
    const { version: marker } = await fx.objects.deleteObject(BUCKET, 'k', 'Enabled');
    await nextMillisecond();
    expect(await fx.objects.deleteVersion(BUCKET, 'k', marker!.versionId)).toEqual({
      deleteMarker: true,
      version: marker,
    });
    expect((await fx.objects.current(BUCKET, 'k'))?.versionId).toBe(v.versionId);
    expect(await listed()).toEqual(['k']);
  });

  it("frees only the deleted version's own blocks when a version is deleted by id", async () => {
    const shared = bytes(10_000, 9);
    const [a, b] = [Buffer.concat([shared, bytes(8000, 10)]), Buffer.concat([shared, bytes(8000, 11)])];
    const va = await put('k', a, false);
    const vb = await put('k', b, false);
    await nextMillisecond();
    await fx.objects.deleteVersion(BUCKET, 'k', vb.versionId);
    const ha = new Set(hashesOf(a));
    for (const h of hashesOf(b)) expect(await fx.rows.refs.count(h)).toBe(ha.has(h) ? 1 : 0);
    expect(await ids('k')).toEqual([va.versionId]);
    expect((await fx.rows.versions.listKeys(BUCKET, '', '', true, 10)).map((o) => o.etag)).toEqual([
      `"${a.length}"`,
    ]);
  });

  it('replaces the null version with a null delete marker when versioning is suspended', async () => {
    const withId = await put('k', bytes(3000, 12), false);
    const nullOne = await put('k', bytes(3000, 13), true);
    const { version: marker } = await fx.objects.deleteObject(BUCKET, 'k', 'Suspended');
    expect(marker).toMatchObject({ isDeleteMarker: true, nullVersion: true });
    expect(await ids('k')).toEqual([marker!.versionId, withId.versionId]);
    expect(await fx.rows.blobs.state(await blobOf(withId))).toBe('COMMITTED');
    expect(await fx.rows.versions.version(BUCKET, 'k', nullOne.versionId)).toBeUndefined();
    for (const h of hashesOf(bytes(3000, 13))) expect(await fx.rows.refs.count(h)).toBe(0);
    expect((await fx.objects.version(BUCKET, 'k', 'null'))?.versionId).toBe(marker!.versionId);
  });

  it('answers no version for an unknown id and changes nothing', async () => {
    const v = await put('k', bytes(3000, 14), false);
    const unknown = fx.rows.versions.newVersionId();
    expect(await fx.objects.deleteVersion(BUCKET, 'k', unknown)).toEqual({
      deleteMarker: false,
      version: undefined,
    });
    expect(await fx.objects.deleteVersion(BUCKET, 'k', 'null')).toEqual({
      deleteMarker: false,
      version: undefined,
    });
    expect(await ids('k')).toEqual([v.versionId]);
    expect(await listed()).toEqual(['k']);
  });
});

describe('ObjectStore: DeleteObject interrupted by a crash', () => {
  it('unlists the key and deletes its versions together, so a crash after the unlist leaks nothing', async () => {
    const data = bytes(6000, 15);
    // Two null versions: an overwrite that crashed before releasing the one it replaced.
    const older = await put('k', bytes(6000, 16), true);
    vi.spyOn(
      fx.objects as unknown as { releaseOlderVersions(): Promise<void> },
      'releaseOlderVersions',
    ).mockResolvedValueOnce();
    const current = await put('k', data, true);
    expect(await ids('k')).toEqual([current.versionId, older.versionId]);
    // The "crash": the process stops right after the batch that unlists the key.
    vi.spyOn(fx.rows.refs, 'remove').mockRejectedValueOnce(new Error('killed'));
    await expect(fx.objects.deleteObject(BUCKET, 'k', 'Unversioned')).rejects.toThrow('killed');
    expect(await listed()).toEqual([]);
    expect(await ids('k')).toEqual([]);
    // The release intents written before the batch let the sweeper free both versions' blocks.
    const hashes = [...hashesOf(data), ...hashesOf(bytes(6000, 16))];
    expect(await fx.rows.refs.count(hashes[0]!)).toBe(1);
    expect(
      await sweepIntents(fx.sweeperDeps(), { writeSeconds: 0, releaseSeconds: 0 }, Date.now() + 1000),
    ).toBe(2);
    for (const h of hashes) expect(await fx.rows.refs.count(h)).toBe(0);
  });
});
