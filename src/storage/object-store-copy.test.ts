import { describe, expect, it } from 'vitest';
import { S3Error } from '../errors.js';
import type { VersionSegment } from '../metadata/object-types.js';
import { collectGarbage } from './background/garbage-collector.js';
import { BUCKET, bytes, hashesOf, useStorage, versionOf } from './storage.fixture.js';

const fx = useStorage();

describe('ObjectStore: copies by reference', () => {
  it('copies a version into new blobs on the same blocks, writing no block', async () => {
    const [p1, p2] = [bytes(12_000, 1), bytes(9000, 2)];
    const source = await fx.putParts('src', [p1, p2]);
    const sourceSegments = await fx.objects.segments(source);
    const disk = await fx.store.diskUsage();
    const copied = await fx.objects.copySegments(sourceSegments);
    expect(copied.map((c) => [c.partNumber, c.size, c.etag])).toEqual([
      [1, 12_000, '"p0"'],
      [2, 9000, '"p1"'],
    ]);
    for (const [i, c] of copied.entries()) {
      expect(c.blobId).not.toBe(sourceSegments[i]!.blobId);
      expect(await fx.rows.blobs.state(c.blobId)).toBe('PENDING');
    }
    expect(await fx.store.diskUsage()).toEqual(disk);
    for (const h of [...hashesOf(p1), ...hashesOf(p2)]) expect(await fx.rows.refs.count(h)).toBe(2);
    const copy = await fx.objects.commit(versionOf('dst', source.size), copied);
    expect((await fx.read(copy)).equals(Buffer.concat([p1, p2]))).toBe(true);
    for (const c of copied) expect(await fx.rows.blobs.state(c.blobId)).toBe('COMMITTED');
  });

  it('keeps every block of a copy when its source is deleted and collected', async () => {
    const data = bytes(15_000, 3);
    const source = await fx.putParts('src', [data]);
    const copied = await fx.objects.copySegments(await fx.objects.segments(source));
    const copy = await fx.objects.commit(versionOf('dst', data.length), copied);
    await fx.objects.deleteObject(BUCKET, 'src', 'Unversioned');
    const hashes = new Set(hashesOf(data));
    expect(await collectGarbage(fx.collectorDeps(), 0)).toEqual({
      examined: hashes.size,
      removed: 0,
      kept: hashes.size,
    });
    for (const h of hashes) expect(await fx.rows.refs.count(h)).toBe(1);
    expect((await fx.read(copy)).equals(data)).toBe(true);
  });

  it('fails a copy whose source block is being collected, and discards the copy blob', async () => {
    const data = bytes(8000, 4);
    const source = await fx.putParts('src', [data]);
    const segments: VersionSegment[] = await fx.objects.segments(source);
    const [victim] = hashesOf(data);
    await fx.rows.states.claimForRemoval(victim!);
    const before = new Set(fx.rows.db.tables.blobs.scan().map((b) => b.blob_id));
    const error = await fx.objects.copySegments(segments).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).code).toBe('NoSuchKey');
    expect(fx.rows.db.tables.blobs.scan().map((b) => b.blob_id)).toEqual([...before]);
    expect(fx.rows.db.tables.blobIntents.scan()).toEqual([]);
  });
});
