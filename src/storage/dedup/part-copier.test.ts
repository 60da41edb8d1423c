import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockStore, findCutPoints } from '../../blocks/index.js';
import { createLogger } from '../../logger.js';
import { memoryMetadata } from '../../metadata/memory/memory-metadata.js';
import { MultipartStore } from '../multipart-store.js';
import { newVersion } from '../new-version.js';
import { ObjectStore } from '../object-store.js';
import { VersionSideData } from '../version-side-data.js';

const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
const log = createLogger('silent');

function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

let dir: string;
let rows: ReturnType<typeof memoryMetadata>;
let store: BlockStore;
let objects: ObjectStore;
let multipart: MultipartStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-part-copy-'));
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
  multipart = new MultipartStore({ ...rows, store, objects, log });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('UploadPartCopy by reference (part copier)', () => {
  it('reuses the blocks inside the range and stores only the two cut edges as new blocks', async () => {
    const data = bytes(20_000, 1);
    const { blobId, size } = await objects.writeBody(Readable.from([data]));
    const fields = {
      bucket: 'b',
      key: 'src',
      size,
      etag: '"e"',
      contentType: 'x/y',
      headers: {},
      userMeta: {},
    };
    const source = await objects.commit(newVersion({ ...fields, nullVersion: true }), [
      { partNumber: 1, blobId, size, etag: '"e"', checksum: null },
    ]);
    const cuts = findCutPoints(data, CHUNKING);
    const [start, end] = [cuts[2]! - 100, cuts[8]! + 100]; // both edges inside a block
    const before = (await store.diskUsage()).blocks;
    const copy = await multipart.copyRange(await objects.segments(source), { start, end });
    expect(copy.size).toBe(end - start + 1);
    expect(await rows.blobs.state(copy.blobId)).toBe('PENDING');
    const blocks = [];
    for await (const b of rows.blobs.blocks(copy.blobId)) blocks.push(b);
    expect(blocks.map((b) => b.size)).toEqual([
      100,
      ...cuts.slice(3, 9).map((c, i) => c - cuts[i + 2]!),
      101,
    ]);
    expect((await store.diskUsage()).blocks).toBe(before + 2);
    for (const b of blocks.slice(1, -1)) expect(await rows.refs.count(b.hash)).toBe(2);
    for (const b of [blocks[0]!, blocks.at(-1)!]) expect(await rows.refs.count(b.hash)).toBe(1);
    const pieces: Buffer[] = [];
    const segment = {
      partNumber: 1,
      blobId: copy.blobId,
      start: 0,
      size: copy.size,
      etag: '',
      checksum: null,
    };
    for await (const piece of objects.read([segment], { start: 0, end: copy.size - 1 }))
      pieces.push(piece as Buffer);
    expect(Buffer.concat(pieces).equals(data.subarray(start, end + 1))).toBe(true);
  });
});
