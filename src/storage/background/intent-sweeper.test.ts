import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { BlobCommitError } from '../object-store.js';
import { BUCKET, bytes, hashesOf, useStorage } from '../storage.fixture.js';
import { sweepIntents } from './intent-sweeper.js';

const AGES = { writeSeconds: 60, releaseSeconds: 300 };
/** When the sweeper runs: past both ages. */
const later = () => Date.now() + 301_000;

const fx = useStorage();
const deps = () => fx.sweeperDeps();

const queued = async () =>
  (await fx.rows.gcQueue.due(new Date(Date.now() + 1000), 1000)).map((c) => c.hash).sort();

describe('intent sweeper', () => {
  it('leaves a write alone while it is younger than the write age', async () => {
    const { blobId } = await fx.objects.writeBody(Readable.from([bytes(5000, 1)]));
    expect(await sweepIntents(deps(), AGES, Date.now() + 59_000)).toBe(0);
    expect(await fx.rows.blobs.state(blobId)).toBe('PENDING');
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(true);
  });

  it('abandons and frees a write that never committed, and the late commit then fails', async () => {
    const data = bytes(8000, 2);
    const { blobId, size } = await fx.objects.writeBody(Readable.from([data]));
    expect(await sweepIntents(deps(), AGES, later())).toBe(1);
    expect(await fx.rows.blobs.state(blobId)).toBeUndefined();
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(false);
    for (const h of hashesOf(data)) expect(await fx.rows.refs.count(h)).toBe(0);
    expect(await queued()).toEqual(hashesOf(data).sort());
    await expect(fx.commitBlob('k', blobId, size)).rejects.toBeInstanceOf(BlobCommitError);
    expect(await fx.objects.current(BUCKET, 'k')).toBeUndefined();
    // The failed commit leaves its write intent (owner: the version it released) to the next sweep.
    expect(await sweepIntents(deps(), AGES, later())).toBe(1);
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(false);
    expect(fx.rows.db.tables.blockRefs.scan()).toEqual([]);
  });

  it('keeps the blob of a write whose version was committed before the crash', async () => {
    const data = bytes(8000, 3);
    const { blobId, size } = await fx.objects.writeBody(Readable.from([data]));
    vi.spyOn(fx.rows.blobs, 'commit').mockRejectedValueOnce(new Error('crash'));
    await expect(fx.commitBlob('k', blobId, size)).rejects.toThrow('crash');
    const version = (await fx.objects.current(BUCKET, 'k'))!;
    expect(await sweepIntents(deps(), AGES, later())).toBe(1);
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(false);
    expect(await fx.rows.blobs.state(blobId)).toBe('PENDING');
    for (const h of hashesOf(data)) expect(await fx.rows.refs.count(h)).toBe(1);
    expect((await fx.read(version)).equals(data)).toBe(true);
  });

  it('finishes a release that crashed after the version rows were deleted', async () => {
    const data = bytes(8000, 4);
    const version = await fx.put('k', data);
    const blobId = (await fx.objects.segments(version))[0]!.blobId;
    vi.spyOn(fx.rows.refs, 'remove').mockRejectedValueOnce(new Error('crash'));
    await expect(fx.objects.deleteObject(BUCKET, 'k', 'Unversioned')).rejects.toThrow('crash');
    expect(await fx.rows.versions.segments(version.versionId)).toEqual([]);
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(true);
    expect(await sweepIntents(deps(), AGES, Date.now() + 299_000)).toBe(0);
    expect(await sweepIntents(deps(), AGES, later())).toBe(1);
    expect(await fx.rows.blobs.state(blobId)).toBeUndefined();
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(false);
    for (const h of hashesOf(data)) expect(await fx.rows.refs.count(h)).toBe(0);
    expect(await queued()).toEqual(hashesOf(data).sort());
  });

  it('drops the release intent of a delete that failed before the version rows went, keeping the blob', async () => {
    const data = bytes(8000, 5);
    const version = await fx.put('k', data);
    const blobId = (await fx.objects.segments(version))[0]!.blobId;
    vi.spyOn(fx.rows.versions, 'deleteVersion').mockRejectedValueOnce(new Error('crash'));
    await expect(fx.objects.deleteVersion(BUCKET, 'k', version.versionId)).rejects.toThrow('crash');
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(true);
    expect(await sweepIntents(deps(), AGES, later())).toBe(1);
    expect(await fx.rows.blobs.hasIntent(blobId)).toBe(false);
    expect(await fx.rows.blobs.state(blobId)).toBe('COMMITTED');
    for (const h of hashesOf(data)) expect(await fx.rows.refs.count(h)).toBe(1);
    expect(await queued()).toEqual([]);
    expect((await fx.read(version)).equals(data)).toBe(true);
  });

  it('goes on past an intent it cannot finish, and finishes it on a later pass', async () => {
    const first = await fx.objects.writeBody(Readable.from([bytes(5000, 6)]));
    const second = await fx.objects.writeBody(Readable.from([bytes(5000, 7)]));
    let refused = 0;
    const abandon = fx.rows.blobs.abandon.bind(fx.rows.blobs);
    vi.spyOn(fx.rows.blobs, 'abandon').mockImplementation(async (blobId) => {
      if (blobId === first.blobId && refused++ === 0) throw new Error('Cassandra timed out');
      return abandon(blobId);
    });
    const failing = deps();
    expect(await sweepIntents(failing, AGES, later())).toBe(1);
    expect(refused).toBe(1);
    expect(await fx.rows.blobs.hasIntent(second.blobId)).toBe(false);
    expect(await fx.rows.blobs.hasIntent(first.blobId)).toBe(true);
    expect(await sweepIntents(failing, AGES, later())).toBe(1);
    expect(await fx.rows.blobs.hasIntent(first.blobId)).toBe(false);
  });
});
