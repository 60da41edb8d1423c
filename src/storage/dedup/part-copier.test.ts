import { describe, expect, it } from 'vitest';
import { findCutPoints } from '../../blocks/index.js';
import { bytes, CHUNKING, useStorage } from '../storage.fixture.js';

const fx = useStorage();

describe('UploadPartCopy by reference (part copier)', () => {
  it('reuses the blocks inside the range and stores only the two cut edges as new blocks', async () => {
    const data = bytes(20_000, 1);
    const source = await fx.put('src', data);
    const cuts = findCutPoints(data, CHUNKING);
    const [start, end] = [cuts[2]! - 100, cuts[8]! + 100]; // both edges inside a block
    const before = (await fx.store.diskUsage()).blocks;
    const copy = await fx.multipart.copyRange(await fx.objects.segments(source), { start, end });
    expect(copy.size).toBe(end - start + 1);
    expect(await fx.rows.blobs.state(copy.blobId)).toBe('PENDING');
    const blocks = [];
    for await (const b of fx.rows.blobs.blocks(copy.blobId)) blocks.push(b);
    expect(blocks.map((b) => b.size)).toEqual([
      100,
      ...cuts.slice(3, 9).map((c, i) => c - cuts[i + 2]!),
      101,
    ]);
    expect((await fx.store.diskUsage()).blocks).toBe(before + 2);
    for (const b of blocks.slice(1, -1)) expect(await fx.rows.refs.count(b.hash)).toBe(2);
    for (const b of [blocks[0]!, blocks.at(-1)!]) expect(await fx.rows.refs.count(b.hash)).toBe(1);
    const pieces: Buffer[] = [];
    const segment = {
      partNumber: 1,
      blobId: copy.blobId,
      start: 0,
      size: copy.size,
      etag: '',
      checksum: null,
    };
    for await (const piece of fx.objects.read([segment], { start: 0, end: copy.size - 1 }))
      pieces.push(piece as Buffer);
    expect(Buffer.concat(pieces).equals(data.subarray(start, end + 1))).toBe(true);
  });
});
