import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { sha256 } from './support/digests.js';
import { objectBytes } from './support/object-reads.js';
import { codeOf } from './support/s3-failure.js';
import { seededBuffer } from './support/seeded-data.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer({ OKS3_MULTIPART_MIN_PART_SIZE: '1024' });
const bucket = useBucket(server, 'mpu-race');

async function openUpload(key: string, parts: Buffer[]) {
  const { s3 } = server;
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
    expect(sha256(await objectBytes(server.s3, bucket, 'raced.bin'))).toBe(sha256(Buffer.concat(parts)));
    const versions = await server.running.context.listings.versions(bucket, 'raced.bin');
    expect(versions).toHaveLength(1);
    const uploads = await server.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
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
        expect(sha256(await objectBytes(server.s3, bucket, key))).toBe(sha256(Buffer.concat(parts)));
        expect(aborted.status === 'rejected' && (aborted.reason as Error).name).toBe('NoSuchUpload');
      } else {
        expect((done.reason as Error).name).toBe('NoSuchUpload');
        expect(await codeOf(objectBytes(server.s3, bucket, key))).toBe('NoSuchKey');
      }
    }
  });
});
