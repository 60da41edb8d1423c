import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { expireUploads } from '../src/storage/background/upload-expiry.js';
import { blockFiles } from './support/disk.js';
import { seededBuffer } from './support/seeded-data.js';
import { useBucket, useServer } from './support/use-server.js';

// Re-chunking off: these tests follow the blocks of the parts as uploaded; re-chunking replaces
// the blocks at part edges (its own tests: test/multipart-dedup.test.ts, part-edges.test.ts).
const server = useServer({
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
  OKS3_MULTIPART_MIN_PART_SIZE: '1024',
  OKS3_RECHUNK_INTERVAL_SECONDS: '0',
});
const bucket = useBucket(server, 'mpu-gc');

/** Uploads a part and returns its ETag and the block files it added. */
async function uploadPart(key: string, UploadId: string, PartNumber: number, Body: Buffer) {
  const before = (await blockFiles(server.config.dataDir)).names;
  const res = await server.s3.send(
    new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body }),
  );
  const after = (await blockFiles(server.config.dataDir)).names;
  return { etag: res.ETag!, blocks: [...after].filter((n) => !before.has(n)) };
}

async function createUpload(key: string): Promise<string> {
  return (await server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId!;
}

/** Polls the data folder until none of `gone` is left; returns the names still there. */
async function waitUntilCollected(gone: string[], timeoutMs = 30_000): Promise<Set<string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = (await blockFiles(server.config.dataDir)).names;
    if (gone.every((n) => !names.has(n)) || Date.now() > deadline) return names;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('multipart uploads and garbage collection', () => {
  it('an upload aborted halfway leaves nothing visible and its blocks are collected', async () => {
    const key = 'halfway.bin';
    const uploadId = await createUpload(key);
    const blocks: string[] = [];
    for (let n = 1; n <= 3; n++)
      blocks.push(...(await uploadPart(key, uploadId, n, await seededBuffer(`half-${n}`, 2_500_000))).blocks);
    expect(blocks.length).toBeGreaterThan(10);
    await server.s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    const { s3 } = server;
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);
    const left = await waitUntilCollected(blocks);
    expect(blocks.filter((b) => left.has(b))).toEqual([]);
  });

  it('collects a replaced part and the parts Complete left out, and keeps the object', async () => {
    const key = 'kept.bin';
    const uploadId = await createUpload(key);
    const replaced = await uploadPart(key, uploadId, 1, await seededBuffer('gc-a', 300_000));
    const first = await seededBuffer('gc-b', 300_000);
    const kept1 = await uploadPart(key, uploadId, 1, first);
    const second = await seededBuffer('gc-c', 200_000);
    const kept2 = await uploadPart(key, uploadId, 2, second);
    const unlisted = await uploadPart(key, uploadId, 3, await seededBuffer('gc-d', 300_000));
    await server.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: kept1.etag },
            { PartNumber: 2, ETag: kept2.etag },
          ],
        },
      }),
    );
    const gone = [...replaced.blocks, ...unlisted.blocks];
    const left = await waitUntilCollected(gone);
    expect(gone.filter((b) => left.has(b))).toEqual([]);
    // Two more collector passes: nothing of the object may go.
    await new Promise((r) => setTimeout(r, 2500));
    const now = (await blockFiles(server.config.dataDir)).names;
    expect([...kept1.blocks, ...kept2.blocks].filter((b) => !now.has(b))).toEqual([]);
    const res = await server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(Buffer.from(await res.Body!.transformToByteArray()).equals(Buffer.concat([first, second]))).toBe(
      true,
    );
  });

  it('the expiry task aborts uploads older than the maximum age', async () => {
    const key = 'forgotten.bin';
    const uploadId = await createUpload(key);
    const part = await uploadPart(key, uploadId, 1, await seededBuffer('expired', 300_000));
    await createUpload('other.bin');
    const deps = { multipart: server.running.context.multipart, log: createLogger('silent') };
    // Judged an hour from now: with a maximum age of two hours nothing is old, with 30 minutes both are.
    const inAnHour = Date.now() + 3600_000;
    expect(await expireUploads(deps, 7200, inAnHour)).toBe(0);
    // Other test files' leftovers in this run's keyspace may be expired too.
    expect(await expireUploads(deps, 1800, inAnHour)).toBeGreaterThanOrEqual(2);
    const uploads = await server.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(uploads.Uploads ?? []).toEqual([]);
    const left = await waitUntilCollected(part.blocks);
    expect(part.blocks.filter((b) => left.has(b))).toEqual([]);
  });
});
