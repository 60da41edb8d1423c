import { describe, expect, it, vi } from 'vitest';
import type { ObjectVersion } from '../../metadata/object-types.js';
import { collectGarbage } from '../background/garbage-collector.js';
import { sweepIntents } from '../background/intent-sweeper.js';
import { BUCKET, blocksOf, bytes, CHUNKING, readAll, useStorage } from '../storage.fixture.js';
import { freeBlob } from './blob-release.js';
import { rechunkPartEdges } from './part-edges.js';

const fx = useStorage();
const deps = () => ({ ...fx.rows, store: fx.store, chunking: CHUNKING });

/** `data` cut into parts of `size` bytes (the last one shorter). */
function split(data: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) parts.push(data.subarray(at, at + size));
  return parts;
}

/** The version's block list, in object order, read through its segments. */
async function blockList(version: ObjectVersion): Promise<{ hash: string; size: number }[]> {
  const segments = await fx.rows.versions.segments(version.versionId);
  const blobIds = [...new Set(segments.map((s) => s.blobId))];
  const out: { hash: string; size: number }[] = [];
  for (const blobId of blobIds) {
    for await (const b of fx.rows.blobs.blocks(blobId)) out.push({ hash: b.hash, size: b.size });
  }
  return out;
}

/** Blocks that hold at least one reference. */
async function referencedHashes(hashes: Iterable<string>): Promise<string[]> {
  const out: string[] = [];
  for (const h of new Set(hashes)) if ((await fx.rows.refs.count(h)) > 0) out.push(h);
  return out;
}

describe('re-chunking part edges', () => {
  it('turns every part size into the block list of a single PUT, and reads the same bytes', async () => {
    const data = bytes(60_000, 1);
    const single = blocksOf(data);
    for (const [n, partSize] of [7_000, 9_999, 20_000].entries()) {
      const version = await fx.putParts(`k${n}`, split(data, partSize));
      const before = await blockList(version);
      expect(before).not.toEqual(single);
      expect(await rechunkPartEdges(version.versionId, deps())).toBe('rechunked');
      expect(await blockList(version)).toEqual(single);
      expect((await fx.read(version)).equals(data)).toBe(true);
      // Each part still reads as itself (GetObject ?partNumber=, UploadPartCopy).
      const segments = await fx.rows.versions.segments(version.versionId);
      expect(segments.map((s) => s.size)).toEqual(split(data, partSize).map((p) => p.length));
      for (const s of segments) {
        const piece = await readAll(fx.objects.read(segments, { start: s.start, end: s.start + s.size - 1 }));
        expect(piece.equals(data.subarray(s.start, s.start + s.size))).toBe(true);
      }
      // A range across an edge.
      const across = await readAll(fx.objects.read(segments, { start: partSize - 100, end: partSize + 99 }));
      expect(across.equals(data.subarray(partSize - 100, partSize + 100))).toBe(true);
      expect(await rechunkPartEdges(version.versionId, deps())).toBe('unchanged');
    }
  });

  it('frees the edge blocks only the parts had, and nothing the object still uses', async () => {
    const data = bytes(50_000, 2);
    const version = await fx.putParts('k', split(data, 8_000));
    const before = await blockList(version);
    expect(await rechunkPartEdges(version.versionId, deps())).toBe('rechunked');
    const after = new Set((await blockList(version)).map((b) => b.hash));
    const edgeOnly = before.map((b) => b.hash).filter((h) => !after.has(h));
    expect(edgeOnly.length).toBeGreaterThanOrEqual(6); // about one per edge, six edges
    expect(await referencedHashes(edgeOnly)).toEqual([]);
    expect(await referencedHashes(after)).toEqual([...after]);
    await collectGarbage(fx.collectorDeps(), 0);
    for (const h of edgeOnly) expect(await fx.store.has(h)).toBe(false);
    for (const h of after) expect(await fx.store.has(h)).toBe(true);
    expect((await fx.read(version)).equals(data)).toBe(true);
    // Deleting the object frees everything.
    await fx.objects.deleteObject(BUCKET, 'k', 'Unversioned');
    expect(await referencedHashes([...before.map((b) => b.hash), ...after])).toEqual([]);
  });

  it('leaves a version deleted before the move alone and frees its own new blob', async () => {
    const data = bytes(30_000, 3);
    const version = await fx.putParts('k', split(data, 7_000));
    const all = [...(await blockList(version)).map((b) => b.hash), ...blocksOf(data).map((b) => b.hash)];
    const move = fx.rows.versions.moveSegments.bind(fx.rows.versions);
    let deletedFirst = 0;
    vi.spyOn(fx.rows.versions, 'moveSegments').mockImplementationOnce(async (...args) => {
      await fx.objects.deleteObject(BUCKET, 'k', 'Unversioned');
      deletedFirst++;
      return move(...args);
    });
    expect(await rechunkPartEdges(version.versionId, deps())).toBe('gone');
    expect(deletedFirst).toBe(1);
    expect(await fx.rows.versions.segments(version.versionId)).toEqual([]);
    expect(await referencedHashes(all)).toEqual([]);
    // What is left are the old blobs' release intents, whose owner no longer names them: freed.
    await sweepIntents(fx.sweeperDeps(), { writeSeconds: 0, releaseSeconds: 0 }, Date.now() + 1000);
    expect(await referencedHashes(all)).toEqual([]);
  });

  it('frees its new blob too when a delete that read the old segments removes the version after the move', async () => {
    const data = bytes(30_000, 7);
    const version = await fx.putParts('k', split(data, 7_000));
    const all = [...(await blockList(version)).map((b) => b.hash), ...blocksOf(data).map((b) => b.hash)];
    const move = fx.rows.versions.moveSegments.bind(fx.rows.versions);
    vi.spyOn(fx.rows.versions, 'moveSegments').mockImplementationOnce(async (...args) => {
      // The delete reads the segments before the move and deletes the rows after it.
      const seen = await fx.rows.versions.segments(version.versionId);
      const moved = await move(...args);
      await fx.rows.versions.deleteVersion(BUCKET, 'k', version.versionId);
      for (const s of seen) await freeBlob(s.blobId, fx.rows);
      return moved;
    });
    expect(await rechunkPartEdges(version.versionId, deps())).toBe('gone');
    expect(await referencedHashes(all)).toEqual([]);
  });

  it('after a crash before the move, the object is untouched and the new blob owned by nothing', async () => {
    const data = bytes(30_000, 4);
    const version = await fx.putParts('k', split(data, 7_000));
    const before = await blockList(version);
    const begin = vi.spyOn(fx.rows.blobs, 'begin');
    vi.spyOn(fx.rows.versions, 'moveSegments').mockRejectedValueOnce(new Error('killed'));
    await expect(rechunkPartEdges(version.versionId, deps())).rejects.toThrow('killed');
    const newBlob = begin.mock.calls[0]![0];
    const swept = await sweepIntents(
      fx.sweeperDeps(),
      { writeSeconds: 0, releaseSeconds: 0 },
      Date.now() + 1000,
    );
    expect(swept).toBe(6); // the new blob's write intent, the five parts' release intents
    expect(await blockList(version)).toEqual(before);
    expect((await fx.read(version)).equals(data)).toBe(true);
    expect(await referencedHashes(before.map((b) => b.hash))).toEqual([
      ...new Set(before.map((b) => b.hash)),
    ]);
    // The new blob was committed before the move (so no sweeper can abandon a blob a version is
    // about to use): left COMMITTED with no intent and no owner, the class of blob the
    // reachability sweep frees (test/reachability-sweep.test.ts).
    expect(await fx.rows.blobs.state(newBlob)).toBe('COMMITTED');
    expect(await fx.rows.blobs.hasIntent(newBlob)).toBe(false);
    expect((await fx.rows.versions.segments(version.versionId)).map((s) => s.blobId)).not.toContain(newBlob);
  });

  it('after a crash right after the move, the sweeper frees the old blobs and the object reads', async () => {
    const data = bytes(30_000, 5);
    const version = await fx.putParts('k', split(data, 7_000));
    const before = await blockList(version);
    // The crash strikes when the first old blob's release intent would be dropped.
    const release = fx.rows.blobs.removeIntent.bind(fx.rows.blobs);
    vi.spyOn(fx.rows.blobs, 'removeIntent').mockImplementation(async (blobId, reason) => {
      if (reason === 'release') throw new Error('killed');
      return release(blobId, reason);
    });
    await expect(rechunkPartEdges(version.versionId, deps())).rejects.toThrow('killed');
    vi.restoreAllMocks();
    expect(await blockList(version)).toEqual(blocksOf(data));
    await sweepIntents(fx.sweeperDeps(), { writeSeconds: 0, releaseSeconds: 0 }, Date.now() + 1000);
    const after = new Set(blocksOf(data).map((b) => b.hash));
    const edgeOnly = before.map((b) => b.hash).filter((h) => !after.has(h));
    expect(await referencedHashes(edgeOnly)).toEqual([]);
    expect((await fx.read(version)).equals(data)).toBe(true);
  });

  it('copies a re-chunked object by reference, and the copy outlives the source', async () => {
    const data = bytes(40_000, 6);
    const version = await fx.putParts('src', split(data, 9_000));
    expect(await rechunkPartEdges(version.versionId, deps())).toBe('rechunked');
    const segments = await fx.rows.versions.segments(version.versionId);
    const copied = await fx.objects.copySegments(segments);
    expect(new Set(copied.map((c) => c.blobId)).size).toBe(1);
    const copy = await fx.objects.commit({ ...version, key: 'dst', isDeleteMarker: false }, copied);
    await fx.objects.deleteObject(BUCKET, 'src', 'Unversioned');
    await collectGarbage(fx.collectorDeps(), 0);
    expect((await fx.read(copy)).equals(data)).toBe(true);
    expect(
      (await fx.rows.versions.segments(copy.versionId)).map((s) => [s.start, s.size, s.blobOffset]),
    ).toEqual(segments.map((s) => [s.start, s.size, s.start]));
  });
});
