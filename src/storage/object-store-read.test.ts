import { describe, expect, it } from 'vitest';
import { BlockNotFoundError } from '../blocks/index.js';
import { isS3Error } from '../errors.js';
import { bytes, readAll, useStorage } from './storage.fixture.js';

const fx = useStorage();

describe('ObjectStore: reading ranges', () => {
  it('reads any range of a two-segment object back byte-exact', async () => {
    const [first, second] = [bytes(30_000, 1), bytes(20_000, 2)];
    const whole = Buffer.concat([first, second]);
    const version = await fx.putParts('k', [first, second]);
    const segments = await fx.objects.segments(version);
    expect(segments.map((s) => [s.start, s.size])).toEqual([
      [0, 30_000],
      [30_000, 20_000],
    ]);
    const ranges: [number, number][] = [
      [0, 49_999],
      [0, 0],
      [49_999, 49_999],
      [29_999, 30_000],
      [30_000, 30_000],
      [12_345, 40_001],
    ];
    let seed = 7;
    for (let i = 0; i < 40; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const start = seed % 50_000;
      ranges.push([start, Math.min(49_999, start + (seed % 7000))]);
    }
    for (const [start, end] of ranges) {
      const got = await readAll(await fx.objects.open(version, { start, end }));
      expect(got.equals(whole.subarray(start, end + 1)), `bytes ${start}-${end}`).toBe(true);
    }
  });

  it('reads an inline version from its row, and an empty body as no bytes', async () => {
    const inline = await fx.putParts('small', [], { inline: Buffer.from('hello, world') });
    expect((await readAll(await fx.objects.open(inline, { start: 7, end: 11 }))).toString()).toBe('world');
    const empty = await fx.putParts('empty', [Buffer.alloc(0)]);
    expect((await fx.objects.segments(empty)).map((s) => s.size)).toEqual([0]);
    expect(await readAll(await fx.objects.open(empty, { start: 0, end: -1 }))).toEqual(Buffer.alloc(0));
  });

  it('fails the stream instead of ending it when a block is missing on disk', async () => {
    const data = bytes(20_000, 3);
    const version = await fx.putParts('k', [data]);
    const [segment] = await fx.objects.segments(version);
    const hashes: string[] = [];
    for await (const b of fx.rows.blobs.blocks(segment!.blobId)) hashes.push(b.hash);
    await fx.store.delete(hashes[3]!);
    await expect(readAll(await fx.objects.open(version, { start: 0, end: 19_999 }))).rejects.toBeInstanceOf(
      BlockNotFoundError,
    );
    // A range before the missing block still reads.
    const head = await readAll(await fx.objects.open(version, { start: 0, end: 99 }));
    expect(head.equals(data.subarray(0, 100))).toBe(true);
  });

  it('answers NoSuchKey for a version whose blocks were freed after its row was read', async () => {
    const version = await fx.putParts('k', [bytes(20_000, 4)]);
    const [segment] = await fx.objects.segments(version);
    // What a concurrent DELETE does between a GET's row read and its block list read.
    await fx.rows.blobs.deleteRows(segment!.blobId);
    const err = await fx.objects.open(version, { start: 0, end: 19_999 }).catch((e: unknown) => e);
    expect(isS3Error(err) && [err.code, err.status]).toEqual(['NoSuchKey', 404]);
  });

  it('fails the stream instead of ending it short when a later block list is gone', async () => {
    const version = await fx.putParts('k', [bytes(30_000, 5), bytes(20_000, 6)]);
    const [, second] = await fx.objects.segments(version);
    const stream = await fx.objects.open(version, { start: 0, end: 49_999 });
    await fx.rows.blobs.deleteRows(second!.blobId);
    await expect(readAll(stream)).rejects.toThrow('object range ended after 30000 of 50000 bytes');
  });
});
