import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { S3Error } from '../errors.js';
import type { MultipartUpload, UploadedPart } from '../metadata/upload-repository.js';
import { sweepIntents } from './background/intent-sweeper.js';
import { bytes, hashesOf, useStorage } from './storage.fixture.js';

const fx = useStorage();
let upload: MultipartUpload;

beforeEach(async () => {
  upload = {
    bucket: 'bucket',
    key: 'big',
    uploadId: fx.multipart.newUploadId(),
    initiated: new Date(),
    owner: 'owner',
    contentType: 'x/y',
    headers: {},
    userMeta: { a: 'b' },
    checksumAlgorithm: null,
    checksumType: null,
    grants: null,
  };
  await fx.multipart.create(upload);
});

async function uploadPart(partNumber: number, data: Buffer): Promise<string> {
  const { blobId, size } = await fx.objects.writeBody(Readable.from([data]));
  await fx.multipart.commitPart(upload, {
    partNumber,
    blobId,
    size,
    etag: `"p${partNumber}"`,
    checksum: null,
  });
  return blobId;
}

/** Complete with the parts numbered `chosen`, in that order. */
function complete(chosen: number[]) {
  return fx.multipart.complete({ ...upload, nullVersion: true }, async (_upload, parts: UploadedPart[]) => ({
    parts: chosen.map((n) => parts.find((p) => p.partNumber === n)!),
    etag: `"x-${chosen.length}"`,
    checksum: null,
  }));
}

async function readObject(): Promise<Buffer> {
  return fx.read((await fx.objects.current('bucket', 'big'))!);
}

const intents = () => fx.rows.db.tables.blobIntents.scan();
const refCounts = async (data: Buffer) => Promise.all(hashesOf(data).map((h) => fx.rows.refs.count(h)));

describe('MultipartStore: parts', () => {
  it('points a part at its committed blob and leaves no intent', async () => {
    const blobId = await uploadPart(1, bytes(6000, 1));
    expect(await fx.multipart.parts(upload.uploadId)).toMatchObject([{ partNumber: 1, blobId, size: 6000 }]);
    expect(await fx.rows.blobs.state(blobId)).toBe('COMMITTED');
    expect(intents()).toEqual([]);
  });

  it('frees the blob a part uploaded again replaces', async () => {
    const [first, second] = [bytes(6000, 2), bytes(6000, 3)];
    const old = await uploadPart(1, first);
    const replacement = await uploadPart(1, second);
    expect((await fx.multipart.parts(upload.uploadId)).map((p) => p.blobId)).toEqual([replacement]);
    expect(await fx.rows.blobs.state(old)).toBeUndefined();
    expect(await refCounts(first)).toEqual(hashesOf(first).map(() => 0));
    expect(await refCounts(second)).toEqual(hashesOf(second).map(() => 1));
    expect(intents()).toEqual([]);
  });

  it('refuses a part for an upload that is gone, with NoSuchUpload, and discards its blob', async () => {
    await fx.multipart.abort(upload.bucket, upload.key, upload.uploadId);
    const data = bytes(6000, 4);
    const error = await uploadPart(1, data).catch((e: unknown) => e);
    expect((error as S3Error).code).toBe('NoSuchUpload');
    expect(fx.rows.db.tables.blobs.scan()).toEqual([]);
    expect(await refCounts(data)).toEqual(hashesOf(data).map(() => 0));
    expect(intents()).toEqual([]);
  });

  it('aborts an upload: every part freed, the upload forgotten; a second abort answers false', async () => {
    const parts = [bytes(5000, 5), bytes(5000, 6)];
    const blobs = [await uploadPart(1, parts[0]!), await uploadPart(2, parts[1]!)];
    expect(await fx.multipart.abort(upload.bucket, upload.key, upload.uploadId)).toBe(true);
    expect(await fx.multipart.get(upload.bucket, upload.key, upload.uploadId)).toBeUndefined();
    expect(await fx.multipart.parts(upload.uploadId)).toEqual([]);
    for (const b of blobs) expect(await fx.rows.blobs.state(b)).toBeUndefined();
    expect(fx.rows.db.tables.blockRefs.scan()).toEqual([]);
    expect(intents()).toEqual([]);
    expect(await fx.multipart.abort(upload.bucket, upload.key, upload.uploadId)).toBe(false);
  });
});

describe('MultipartStore: complete', () => {
  it('hands the chosen part blobs to the version, renumbered, and frees the others', async () => {
    const data = [bytes(7000, 7), bytes(5000, 8), bytes(3000, 9)];
    const blobs = [];
    for (const [i, d] of data.entries()) blobs.push(await uploadPart(i + 1, d));
    const result = await complete([1, 3]);
    expect(result).toMatchObject({ uploadId: upload.uploadId, bucket: 'bucket', key: 'big', etag: '"x-2"' });
    const version = (await fx.objects.current('bucket', 'big'))!;
    expect(version).toMatchObject({
      versionId: result.versionId,
      size: 10_000,
      partsCount: 2,
      userMeta: { a: 'b' },
    });
    expect(
      (await fx.objects.segments(version)).map((s) => [s.partNumber, s.blobId, s.start, s.size]),
    ).toEqual([
      [1, blobs[0], 0, 7000],
      [2, blobs[2], 7000, 3000],
    ]);
    expect((await readObject()).equals(Buffer.concat([data[0]!, data[2]!]))).toBe(true);
    expect(await fx.rows.blobs.state(blobs[1]!)).toBeUndefined();
    expect(await refCounts(data[1]!)).toEqual(hashesOf(data[1]!).map(() => 0));
    expect(await fx.multipart.get(upload.bucket, upload.key, upload.uploadId)).toBeUndefined();
    expect(await fx.multipart.parts(upload.uploadId)).toEqual([]);
    expect(intents()).toEqual([]);
  });

  it('answers a retried complete from its record, and a late abort frees nothing the version uses', async () => {
    const data = [bytes(4000, 10), bytes(4000, 11)];
    await uploadPart(1, data[0]!);
    await uploadPart(2, data[1]!);
    const first = await complete([1, 2]);
    expect(await complete([1, 2])).toEqual(first);
    expect(await fx.multipart.abort(upload.bucket, upload.key, upload.uploadId)).toBe(false);
    expect(
      await sweepIntents(fx.sweeperDeps(), { writeSeconds: 0, releaseSeconds: 0 }, Date.now() + 1000),
    ).toBe(0);
    for (const d of data) expect(await refCounts(d)).toEqual(hashesOf(d).map(() => 1));
    expect((await readObject()).equals(Buffer.concat(data))).toBe(true);
  });

  it('refuses parts that still carry an intent, and leaves the upload open', async () => {
    const blobId = await uploadPart(1, bytes(4000, 12));
    await fx.rows.blobs.addIntent(blobId, 'release', `p:${upload.uploadId}:1`);
    const error = await complete([1]).catch((e: unknown) => e);
    expect((error as S3Error).code).toBe('ServiceUnavailable');
    expect(await fx.multipart.get(upload.bucket, upload.key, upload.uploadId)).toBeDefined();
    expect((await fx.multipart.parts(upload.uploadId)).map((p) => p.blobId)).toEqual([blobId]);
    expect(await fx.objects.current('bucket', 'big')).toBeUndefined();
  });

  it('keeps the parts of a complete that crashed after its version went live, and a retry finishes it', async () => {
    const data = [bytes(4000, 13), bytes(4000, 14)];
    await uploadPart(1, data[0]!);
    await uploadPart(2, data[1]!);
    vi.spyOn(fx.rows.uploads, 'delete').mockRejectedValueOnce(new Error('crash'));
    await expect(complete([1, 2])).rejects.toThrow('crash');
    expect(intents().map((i) => i.owner?.slice(0, 2))).toEqual(['t:', 't:']);
    expect(
      await sweepIntents(fx.sweeperDeps(), { writeSeconds: 0, releaseSeconds: 0 }, Date.now() + 1000),
    ).toBe(2);
    for (const d of data) expect(await refCounts(d)).toEqual(hashesOf(d).map(() => 1));
    expect((await readObject()).equals(Buffer.concat(data))).toBe(true);
    const retried = await complete([1, 2]);
    expect(retried.versionId).toBe((await fx.objects.current('bucket', 'big'))!.versionId);
    expect(await fx.multipart.get(upload.bucket, upload.key, upload.uploadId)).toBeUndefined();
  });

  it('frees the parts of a complete that crashed between dropping the part rows and committing', async () => {
    const data = [bytes(4000, 15), bytes(4000, 16)];
    await uploadPart(1, data[0]!);
    await uploadPart(2, data[1]!);
    vi.spyOn(fx.objects, 'adopt').mockRejectedValueOnce(new Error('crash'));
    await expect(complete([1, 2])).rejects.toThrow('crash');
    expect(await fx.objects.current('bucket', 'big')).toBeUndefined();
    expect(
      await sweepIntents(fx.sweeperDeps(), { writeSeconds: 0, releaseSeconds: 0 }, Date.now() + 1000),
    ).toBe(2);
    for (const d of data) expect(await refCounts(d)).toEqual(hashesOf(d).map(() => 0));
    expect(intents()).toEqual([]);
  });
});
