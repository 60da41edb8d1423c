import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type UploadPartCommandOutput,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { getObject, objectBytes } from './support/object-reads.js';
import { failure } from './support/s3-failure.js';
import { seededBuffer } from './support/seeded-data.js';
import { useBucket, useServer } from './support/use-server.js';

// Small parts are allowed here; the 5 MiB default is tested in multipart-dedup.test.ts.
// Re-chunking off: these tests count the block files a part adds; re-chunking of the objects
// earlier tests completed would add and remove some meanwhile (it has its own tests:
// test/multipart-dedup.test.ts, src/storage/dedup/part-edges.test.ts).
const server = useServer({ OKS3_MULTIPART_MIN_PART_SIZE: '1024', OKS3_RECHUNK_INTERVAL_SECONDS: '0' });
const bucket = useBucket(server, 'mpu');
const multipartEtag = (parts: Buffer[]) =>
  `"${createHash('md5')
    .update(Buffer.concat(parts.map((p) => Buffer.from(md5(p), 'hex'))))
    .digest('hex')}-${parts.length}"`;

async function create(key: string, extra: { ChecksumAlgorithm?: 'CRC32' } = {}): Promise<string> {
  const res = await server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...extra }));
  return res.UploadId!;
}

async function upload(key: string, uploadId: string, partNumber: number, body: Buffer) {
  return server.s3.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      Body: body,
    }),
  );
}

async function uploadAll(key: string, parts: Buffer[]): Promise<{ uploadId: string; etags: string[] }> {
  const uploadId = await create(key);
  const etags: string[] = [];
  for (const [i, body] of parts.entries()) etags.push((await upload(key, uploadId, i + 1, body)).ETag!);
  return { uploadId, etags };
}

function complete(
  key: string,
  uploadId: string,
  parts: { PartNumber: number; ETag: string; ChecksumCRC32?: string }[],
) {
  return server.s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

describe('multipart upload', () => {
  it('uploads parts, completes, and reads back the same bytes with the multipart ETag', async () => {
    const { s3 } = server;
    const parts = [
      await seededBuffer('full-1', 300_000),
      await seededBuffer('full-2', 250_000),
      Buffer.from('tail'),
    ];
    const key = 'dir/full flow.bin';
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ContentType: 'video/x-test',
        Metadata: { who: 'alice' },
      }),
    );
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      const res = await upload(key, UploadId!, i + 1, body);
      expect(res.ETag).toBe(`"${md5(body)}"`);
      etags.push(res.ETag!);
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual(
      parts.map((p, i) => [i + 1, p.length, etags[i]]),
    );
    const done = await complete(
      key,
      UploadId!,
      etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
    );
    expect(done.ETag).toBe(multipartEtag(parts));
    expect(done.Key).toBe(key);

    const { res, body } = await getObject(s3, bucket, key);
    expect(body.equals(Buffer.concat(parts))).toBe(true);
    expect(res.ETag).toBe(multipartEtag(parts));
    expect(res.ContentType).toBe('video/x-test');
    expect(res.Metadata).toEqual({ who: 'alice' });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(550_004);
    expect(head.PartsCount).toBe(3);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it('returns a COMPOSITE checksum of the part checksums and checks the echoed ones', async () => {
    const { s3 } = server;
    const key = 'checksummed.bin';
    const parts = [await seededBuffer('crc-1', 200_000), await seededBuffer('crc-2', 100_000)];
    const uploadId = await create(key, { ChecksumAlgorithm: 'CRC32' });
    const uploaded: UploadPartCommandOutput[] = [];
    for (const [i, body] of parts.entries()) uploaded.push(await upload(key, uploadId, i + 1, body));
    const listed = uploaded.map((u, i) => ({
      PartNumber: i + 1,
      ETag: u.ETag!,
      ChecksumCRC32: u.ChecksumCRC32!,
    }));
    const wrong = await failure(
      complete(key, uploadId, [listed[0]!, { ...listed[1]!, ChecksumCRC32: 'AAAAAA==' }]),
    );
    expect(wrong.name).toBe('InvalidPart');

    const done = await complete(key, uploadId, listed);
    const raw = Buffer.concat(uploaded.map((u) => Buffer.from(u.ChecksumCRC32!, 'base64')));
    const expected = Buffer.alloc(4);
    expected.writeUInt32BE(crc32(raw) >>> 0);
    expect(done.ChecksumCRC32).toBe(`${expected.toString('base64')}-2`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC32).toBe(done.ChecksumCRC32);
    expect(head.ChecksumType).toBe('COMPOSITE');
    const { body } = await getObject(s3, bucket, key);
    expect(body.equals(Buffer.concat(parts))).toBe(true);
  });

  it('rejects parts out of order, unknown or with another ETag, too small, and unknown uploads', async () => {
    const { s3 } = server;
    const key = 'errors.bin';
    const parts = [Buffer.alloc(2000, 1), Buffer.alloc(500, 2), Buffer.alloc(3000, 3)];
    const { uploadId, etags } = await uploadAll(key, parts);
    const p = (n: number) => ({ PartNumber: n, ETag: etags[n - 1]! });
    expect((await failure(complete(key, uploadId, [p(2), p(1)]))).name).toBe('InvalidPartOrder');
    expect((await failure(complete(key, uploadId, [p(1), p(1)]))).name).toBe('InvalidPartOrder');
    expect((await failure(complete(key, uploadId, [p(1), { PartNumber: 4, ETag: etags[0]! }]))).name).toBe(
      'InvalidPart',
    );
    expect((await failure(complete(key, uploadId, [p(1), { PartNumber: 3, ETag: etags[0]! }]))).name).toBe(
      'InvalidPart',
    );
    const small = await failure(complete(key, uploadId, [p(1), p(2), p(3)]));
    expect(small.name).toBe('EntityTooSmall');
    expect(small.$metadata.httpStatusCode).toBe(400);
    const bad = await failure(upload(key, uploadId, 10_001, Buffer.from('x')));
    expect(bad.name).toBe('InvalidArgument');
    expect((await failure(upload(key, uploadId, 0, Buffer.from('x')))).name).toBe('InvalidArgument');

    // The last part may be small; skipping part 2 leaves parts of 2000 and 3000 bytes.
    const done = await complete(key, uploadId, [p(1), p(3)]);
    expect(done.ETag).toBe(multipartEtag([parts[0]!, parts[2]!]));
    expect((await objectBytes(s3, bucket, key)).equals(Buffer.concat([parts[0]!, parts[2]!]))).toBe(true);

    const unknown = '00000000-0000-1000-8000-000000000000';
    expect((await failure(complete(key, unknown, [p(1)]))).name).toBe('NoSuchUpload');
    expect((await failure(upload(key, unknown, 1, Buffer.from('x')))).name).toBe('NoSuchUpload');
    expect(
      (await failure(s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: unknown })))).name,
    ).toBe('NoSuchUpload');
    const abort = await failure(
      s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: 'nope' })),
    );
    expect(abort.name).toBe('NoSuchUpload');
    expect(abort.$metadata.httpStatusCode).toBe(404);
  });

  it('answers a retried Complete with the same result', async () => {
    const { s3 } = server;
    const key = 'retried.bin';
    const parts = [Buffer.alloc(4096, 7), Buffer.alloc(10, 8)];
    const { uploadId, etags } = await uploadAll(key, parts);
    const listed = etags.map((ETag, i) => ({ PartNumber: i + 1, ETag }));
    const first = await complete(key, uploadId, listed);
    const again = await complete(key, uploadId, listed);
    expect(again.ETag).toBe(first.ETag);
    expect(again.ETag).toBe(multipartEtag(parts));
    expect((await objectBytes(s3, bucket, key)).equals(Buffer.concat(parts))).toBe(true);
    // Another key does not get the record.
    expect((await failure(complete('other.bin', uploadId, listed))).name).toBe('NoSuchUpload');
  });

  it('replaces a part uploaded again', async () => {
    const { s3 } = server;
    const key = 'replaced.bin';
    const uploadId = await create(key);
    await upload(key, uploadId, 1, Buffer.alloc(2048, 1));
    const second = await upload(key, uploadId, 1, Buffer.alloc(2048, 9));
    const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => p.ETag)).toEqual([second.ETag]);
    await complete(key, uploadId, [{ PartNumber: 1, ETag: second.ETag! }]);
    expect((await objectBytes(s3, bucket, key)).equals(Buffer.alloc(2048, 9))).toBe(true);
  });

  it('serves one part with partNumber, and the whole of a single-PUT object as part 1', async () => {
    const { s3 } = server;
    const key = 'by-part.bin';
    const parts = [Buffer.alloc(3000, 1), Buffer.alloc(2000, 2), Buffer.alloc(1000, 3)];
    const { uploadId, etags } = await uploadAll(key, parts);
    await complete(
      key,
      uploadId,
      etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
    );
    const { res, body } = await getObject(s3, bucket, key, { PartNumber: 2 });
    expect(res.$metadata.httpStatusCode).toBe(206);
    expect(res.ContentRange).toBe('bytes 3000-4999/6000');
    expect(res.PartsCount).toBe(3);
    expect(body.equals(parts[1]!)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, PartNumber: 3 }));
    expect(head.ContentLength).toBe(1000);
    const beyond = await failure(getObject(s3, bucket, key, { PartNumber: 4 }));
    expect(beyond.name).toBe('InvalidPartNumber');
    expect(beyond.$metadata.httpStatusCode).toBe(416);

    const single = Buffer.from('one single PUT');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'single.txt', Body: single }));
    const whole = await getObject(s3, bucket, 'single.txt', { PartNumber: 1 });
    expect(whole.body.equals(single)).toBe(true);
    expect((await failure(getObject(s3, bucket, 'single.txt', { PartNumber: 2 }))).name).toBe(
      'InvalidPartNumber',
    );
  });

  it('pages ListParts with max-parts and part-number-marker', async () => {
    const { s3 } = server;
    const key = 'many-parts.bin';
    const uploadId = await create(key);
    for (let n = 1; n <= 5; n++) await upload(key, uploadId, n * 2, Buffer.alloc(10, n));
    const seen: number[][] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await s3.send(
        new ListPartsCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MaxParts: 2,
          PartNumberMarker: marker,
        }),
      );
      seen.push((page.Parts ?? []).map((p) => p.PartNumber!));
      if (!page.IsTruncated) break;
      marker = page.NextPartNumberMarker;
    }
    expect(seen).toEqual([[2, 4], [6, 8], [10]]);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  });

  it('pages ListMultipartUploads by key and upload id, with prefix and delimiter', async () => {
    const other = await server.bucket('mpu-list');
    const { s3 } = server;
    const keys = ['a/1', 'a/2', 'b', 'c', 'c', 'd/x/y'];
    const ids: string[] = [];
    for (const Key of keys)
      ids.push((await s3.send(new CreateMultipartUploadCommand({ Bucket: other, Key }))).UploadId!);
    const pages: string[][] = [];
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (;;) {
      const page = await s3.send(
        new ListMultipartUploadsCommand({ Bucket: other, MaxUploads: 2, KeyMarker, UploadIdMarker }),
      );
      pages.push((page.Uploads ?? []).map((u) => `${u.Key}#${ids.indexOf(u.UploadId!)}`));
      if (!page.IsTruncated) break;
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
    expect(pages).toEqual([
      ['a/1#0', 'a/2#1'],
      ['b#2', 'c#3'],
      ['c#4', 'd/x/y#5'],
    ]);

    const rolled = await s3.send(new ListMultipartUploadsCommand({ Bucket: other, Delimiter: '/' }));
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'd/']);
    expect(rolled.Uploads?.map((u) => u.Key)).toEqual(['b', 'c', 'c']);
    const firstPage = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: other, Delimiter: '/', MaxUploads: 1 }),
    );
    expect(firstPage.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/']);
    const next = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: other, Delimiter: '/', KeyMarker: firstPage.NextKeyMarker }),
    );
    expect(next.Uploads?.map((u) => u.Key)).toEqual(['b', 'c', 'c']);
    const prefixed = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: other, Prefix: 'd/', Delimiter: '/' }),
    );
    expect(prefixed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['d/x/']);
    for (const [i, Key] of keys.entries()) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: other, Key, UploadId: ids[i] }));
    }
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: other }))).Uploads ?? []).toEqual([]);
  });

  it('copies a byte range of another object into a part by reference', async () => {
    const { s3 } = server;
    const source = await seededBuffer('copy-source', 1_500_000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy/source.bin', Body: source }));
    const before = await blockFiles(server.config.dataDir);
    const key = 'copy/target.bin';
    const uploadId = await create(key);
    const copy = (PartNumber: number, CopySourceRange?: string) =>
      s3.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber,
          CopySource: `${bucket}/copy/source.bin`,
          CopySourceRange,
        }),
      );
    const ranged = await copy(1, 'bytes=100001-1200000');
    expect(ranged.CopyPartResult?.ETag).toBe(`"${md5(source.subarray(100_001, 1_200_001))}"`);
    const whole = await copy(2);
    const after = await blockFiles(server.config.dataDir);
    // Only the two blocks cut by the range edges are new.
    expect(after.count - before.count).toBeLessThanOrEqual(2);
    expect((await failure(copy(4, 'bytes=10-2000000'))).name).toBe('InvalidRange');
    expect((await failure(copy(4, 'bytes=20-10'))).name).toBe('InvalidArgument');
    const tail = await upload(key, uploadId, 3, Buffer.from('tail'));
    await complete(key, uploadId, [
      { PartNumber: 1, ETag: ranged.CopyPartResult!.ETag! },
      { PartNumber: 2, ETag: whole.CopyPartResult!.ETag! },
      { PartNumber: 3, ETag: tail.ETag! },
    ]);
    const expected = Buffer.concat([source.subarray(100_001, 1_200_001), source, Buffer.from('tail')]);
    expect((await objectBytes(s3, bucket, key)).equals(expected)).toBe(true);
  });

  it('aborts an open upload once, then answers NoSuchUpload', async () => {
    const other = await server.bucket('mpu-del');
    const { s3 } = server;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: other, Key: 'k' }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket: other, Key: 'k', UploadId }));
    const again = await failure(
      s3.send(new AbortMultipartUploadCommand({ Bucket: other, Key: 'k', UploadId })),
    );
    expect(again.name).toBe('NoSuchUpload');
    await s3.send(new DeleteBucketCommand({ Bucket: other }));
  });
});
