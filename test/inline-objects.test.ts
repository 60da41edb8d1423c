import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockFiles } from './support/disk.js';
import { startTestServer, type TestServer, uniqueBucket } from './support/test-server.js';

let server: TestServer;
let bucket: string;
beforeAll(async () => {
  server = await startTestServer({ OKS3_MULTIPART_MIN_PART_SIZE: '0' });
  bucket = uniqueBucket('inline');
  await server.client().send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await server?.close();
});

async function bytes(key: string, extra: { Range?: string; VersionId?: string } = {}): Promise<Buffer> {
  const res = await server.client().send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('small objects stored inline', () => {
  it('stores objects up to 4 KiB in their version row, with no block file, and serves ranges', async () => {
    const s3 = server.client();
    const before = await blockFiles(server.config.dataDir);
    const small = randomBytes(4096);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.bin', Body: small }));
    expect(put.ETag).toBe(`"${md5(small)}"`);
    expect((await blockFiles(server.config.dataDir)).count).toBe(before.count);
    expect((await bytes('small.bin')).equals(small)).toBe(true);
    expect((await bytes('small.bin', { Range: 'bytes=100-199' })).equals(small.subarray(100, 200))).toBe(
      true,
    );

    const larger = randomBytes(4097);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'larger.bin', Body: larger }));
    expect((await blockFiles(server.config.dataDir)).count).toBe(before.count + 1);
    expect((await bytes('larger.bin')).equals(larger)).toBe(true);
  });

  it('copies an inline object and uses it as an UploadPartCopy source', async () => {
    const s3 = server.client();
    const small = randomBytes(3000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: small }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/src` }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'src' }));
    expect((await bytes('copy')).equals(small)).toBe(true);

    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'assembled' }),
    );
    const parts = [];
    for (const [n, range] of [
      [1, 'bytes=0-999'],
      [2, 'bytes=1000-2999'],
    ] as const) {
      const res = await s3.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: 'assembled',
          UploadId,
          PartNumber: n,
          CopySource: `${bucket}/copy`,
          CopySourceRange: range,
        }),
      );
      parts.push({ PartNumber: n, ETag: res.CopyPartResult!.ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'assembled',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    expect((await bytes('assembled')).equals(small)).toBe(true);
  });

  it('keeps inline versions apart in a versioned bucket', async () => {
    const s3 = server.client();
    const versioned = uniqueBucket('inline-ver');
    await s3.send(new CreateBucketCommand({ Bucket: versioned }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const first = await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'second' }));
    const old = await s3.send(
      new GetObjectCommand({ Bucket: versioned, Key: 'k', VersionId: first.VersionId }),
    );
    expect(await old.Body!.transformToString()).toBe('first');
    const now = await s3.send(new GetObjectCommand({ Bucket: versioned, Key: 'k' }));
    expect(await now.Body!.transformToString()).toBe('second');
  });
});
