import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockStore, findCutPoints } from '../../blocks/index.js';
import { createLogger } from '../../logger.js';
import { memoryMetadata } from '../../metadata/memory/memory-metadata.js';
import type { ObjectVersion } from '../../metadata/object-types.js';
import { newVersion } from '../new-version.js';
import { ObjectStore } from '../object-store.js';
import { VersionSideData } from '../version-side-data.js';

const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
const log = createLogger('silent');
function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}
function hashesOf(data: Buffer): string[] {
  let start = 0;
  return [
    ...new Set(
      findCutPoints(data, CHUNKING).map((end) => {
        const b = data.subarray(start, end);
        start = end;
        return createHash('sha256').update(b).digest('hex');
      }),
    ),
  ];
}
let dir: string;
let rows: ReturnType<typeof memoryMetadata>;
let store: BlockStore;
let objects: ObjectStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-bugs-'));
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
});
afterEach(() => rm(dir, { recursive: true, force: true }));
async function put(key: string, data: Buffer, nullVersion = true, etag = '"e"'): Promise<ObjectVersion> {
  const { blobId, size } = await objects.writeBody(Readable.from([data]));
  return objects.commit(
    newVersion({ bucket: 'b', key, size, etag, contentType: 'x/y', headers: {}, userMeta: {}, nullVersion }),
    [{ partNumber: 1, blobId, size, etag, checksum: null }],
  );
}

describe('CopyObject by reference', () => {
  it('leaves no reference of its discarded blob behind when it fails', async () => {
    const data = bytes(8000, 4);
    const source = await put('src', data);
    const [victim] = hashesOf(data);
    await rows.states.claimForRemoval(victim!); // a collector is removing this block
    await expect(objects.copySegments(await objects.segments(source))).rejects.toThrow();
    expect(await rows.refs.count(victim!)).toBe(1); // only the source's
  });
});
