import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededBuffer } from './support/seeded-data.js';
import { startTestServer, type TestServer, uniqueBucket } from './support/test-server.js';

let server: TestServer;
let bucket: string;
beforeAll(async () => {
  server = await startTestServer({ OKS3_MULTIPART_MIN_PART_SIZE: '1024' });
  bucket = uniqueBucket('mpu-race');
  await server.client().send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await server?.close();
});

async function openUpload(key: string, parts: Buffer[]) {
  const s3 = server.client();
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const listed: { PartNumber: number; ETag: string }[] = [];
  for (const [i, Body] of parts.entries()) {
    const res = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body }),
    );
    listed.push({ PartNumber: i + 1, ETag: res.ETag! });
  }
  const complete = () =>
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: listed },
      }),
    );
  const abort = () => s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
  return { uploadId: UploadId!, complete, abort };
}

async function sha(key: string): Promise<string> {
  const res = await server.client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return createHash('sha256')
    .update(await res.Body!.transformToByteArray())
    .digest('hex');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('concurrent multipart requests', () => {
  it('five Completes of one upload at once: one object, one version, the same answer for all', async () => {
    const parts = [
      await seededBuffer('race-1', 70_000),
      await seededBuffer('race-2', 70_000),
      Buffer.from('end'),
    ];
    const { complete } = await openUpload('raced.bin', parts);
    const results = await Promise.allSettled([complete(), complete(), complete(), complete(), complete()]);
    const etags = results.map((r) => (r.status === 'fulfilled' ? r.value.ETag : String(r.reason)));
    expect(new Set(etags).size).toBe(1);
    expect(etags[0]).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(await sha('raced.bin')).toBe(sha256(Buffer.concat(parts)));
    const versions = await server.running.context.listings.versions(bucket, 'raced.bin');
    expect(versions).toHaveLength(1);
    const uploads = await server.client().send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it('a Complete racing an Abort: exactly one of them wins', async () => {
    const parts = [await seededBuffer('ca-1', 50_000), Buffer.from('end')];
    for (let round = 0; round < 3; round++) {
      const key = `complete-or-abort-${round}.bin`;
      const { complete, abort } = await openUpload(key, parts);
      const [done, aborted] = await Promise.allSettled([complete(), abort()]);
      expect([done.status, aborted.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
      if (done.status === 'fulfilled') {
        expect(await sha(key)).toBe(sha256(Buffer.concat(parts)));
        expect(aborted.status === 'rejected' && (aborted.reason as Error).name).toBe('NoSuchUpload');
      } else {
        expect((done.reason as Error).name).toBe('NoSuchUpload');
        await expect(sha(key)).rejects.toThrow();
      }
    }
  });
});
