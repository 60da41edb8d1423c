import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlockStore, findCutPoints } from '../../blocks/index.js';
import { createLogger } from '../../logger.js';
import { memoryMetadata } from '../../metadata/memory/memory-metadata.js';
import type { ObjectVersion } from '../../metadata/object-types.js';
import { ownerExists } from '../dedup/blob-owners.js';
import { newVersion } from '../new-version.js';
import { BlobCommitError, ObjectStore } from '../object-store.js';
import { VersionSideData } from '../version-side-data.js';
import { type SweeperDeps, sweepIntents } from './intent-sweeper.js';

const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
const BUCKET = 'bucket';
const AGES = { writeSeconds: 60, releaseSeconds: 300 };
/** When the sweeper runs: past both ages. */
const later = () => Date.now() + 301_000;
const log = createLogger('silent');

function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

function hashesOf(data: Buffer): string[] {
  let start = 0;
  const hashes = findCutPoints(data, CHUNKING).map((end) => {
    const block = data.subarray(start, end);
    start = end;
    return createHash('sha256').update(block).digest('hex');
  });
  return [...new Set(hashes)];
}

let dir: string;
let rows: ReturnType<typeof memoryMetadata>;
let store: BlockStore;
let objects: ObjectStore;
let deps: SweeperDeps;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-sweeper-'));
  store = new BlockStore(dir);
  await store.init();
  rows = memoryMetadata();
  objects = new ObjectStore({
    ...rows,
    store,
    sideData: new VersionSideData(rows.acls),
    chunking: CHUNKING,
    log,
  });
  deps = { ...rows, log, ownerExists: (owner, blobId) => ownerExists(rows, owner, blobId) };
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const fields = (size: number) => ({
  bucket: BUCKET,
  key: 'k',
  size,
  etag: '"e"',
  contentType: 'x/y',
  headers: {},
  userMeta: {},
  nullVersion: true,
});

async function commit(blobId: string, size: number): Promise<ObjectVersion> {
  return objects.commit(newVersion(fields(size)), [
    { partNumber: 1, blobId, size, etag: '"e"', checksum: null },
  ]);
}

async function put(data: Buffer): Promise<ObjectVersion> {
  const { blobId, size } = await objects.writeBody(Readable.from([data]));
  return commit(blobId, size);
}

async function readAll(version: ObjectVersion): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of await objects.open(version, { start: 0, end: version.size - 1 })) {
    pieces.push(piece as Buffer);
  }
  return Buffer.concat(pieces);
}

const queued = async () =>
  (await rows.gcQueue.due(new Date(Date.now() + 1000), 1000)).map((c) => c.hash).sort();

describe('intent sweeper', () => {
  it('leaves a write alone while it is younger than the write age', async () => {
    const { blobId } = await objects.writeBody(Readable.from([bytes(5000, 1)]));
    expect(await sweepIntents(deps, AGES, Date.now() + 59_000)).toBe(0);
    expect(await rows.blobs.state(blobId)).toBe('PENDING');
    expect(await rows.blobs.hasIntent(blobId)).toBe(true);
  });

  it('abandons and frees a write that never committed, and the late commit then fails', async () => {
    const data = bytes(8000, 2);
    const { blobId, size } = await objects.writeBody(Readable.from([data]));
    expect(await sweepIntents(deps, AGES, later())).toBe(1);
    expect(await rows.blobs.state(blobId)).toBeUndefined();
    expect(await rows.blobs.hasIntent(blobId)).toBe(false);
    for (const h of hashesOf(data)) expect(await rows.refs.count(h)).toBe(0);
    expect(await queued()).toEqual(hashesOf(data).sort());
    await expect(commit(blobId, size)).rejects.toBeInstanceOf(BlobCommitError);
    expect(await objects.current(BUCKET, 'k')).toBeUndefined();
    // The failed commit leaves its write intent (owner: the version it released) to the next sweep.
    expect(await sweepIntents(deps, AGES, later())).toBe(1);
    expect(await rows.blobs.hasIntent(blobId)).toBe(false);
    expect(rows.db.tables.blockRefs.scan()).toEqual([]);
  });

  it('keeps the blob of a write whose version was committed before the crash', async () => {
    const data = bytes(8000, 3);
    const { blobId, size } = await objects.writeBody(Readable.from([data]));
    vi.spyOn(rows.blobs, 'commit').mockRejectedValueOnce(new Error('crash'));
    await expect(commit(blobId, size)).rejects.toThrow('crash');
    const version = (await objects.current(BUCKET, 'k'))!;
    expect(await sweepIntents(deps, AGES, later())).toBe(1);
    expect(await rows.blobs.hasIntent(blobId)).toBe(false);
    expect(await rows.blobs.state(blobId)).toBe('PENDING');
    for (const h of hashesOf(data)) expect(await rows.refs.count(h)).toBe(1);
    expect((await readAll(version)).equals(data)).toBe(true);
  });

  it('finishes a release that crashed after the version rows were deleted', async () => {
    const data = bytes(8000, 4);
    const version = await put(data);
    const blobId = (await objects.segments(version))[0]!.blobId;
    vi.spyOn(rows.refs, 'remove').mockRejectedValueOnce(new Error('crash'));
    await expect(objects.deleteObject(BUCKET, 'k', 'Unversioned')).rejects.toThrow('crash');
    expect(await rows.versions.versionExists(version.versionId)).toBe(false);
    expect(await rows.blobs.hasIntent(blobId)).toBe(true);
    expect(await sweepIntents(deps, AGES, Date.now() + 299_000)).toBe(0);
    expect(await sweepIntents(deps, AGES, later())).toBe(1);
    expect(await rows.blobs.state(blobId)).toBeUndefined();
    expect(await rows.blobs.hasIntent(blobId)).toBe(false);
    for (const h of hashesOf(data)) expect(await rows.refs.count(h)).toBe(0);
    expect(await queued()).toEqual(hashesOf(data).sort());
  });

  it('drops the release intent of a delete that failed before the version rows went, keeping the blob', async () => {
    const data = bytes(8000, 5);
    const version = await put(data);
    const blobId = (await objects.segments(version))[0]!.blobId;
    vi.spyOn(rows.versions, 'deleteVersion').mockRejectedValueOnce(new Error('crash'));
    await expect(objects.deleteVersion(BUCKET, 'k', version.versionId)).rejects.toThrow('crash');
    expect(await rows.blobs.hasIntent(blobId)).toBe(true);
    expect(await sweepIntents(deps, AGES, later())).toBe(1);
    expect(await rows.blobs.hasIntent(blobId)).toBe(false);
    expect(await rows.blobs.state(blobId)).toBe('COMMITTED');
    for (const h of hashesOf(data)) expect(await rows.refs.count(h)).toBe(1);
    expect(await queued()).toEqual([]);
    expect((await readAll(version)).equals(data)).toBe(true);
  });
});
