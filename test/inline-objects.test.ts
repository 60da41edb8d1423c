import { randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { objectBytes, objectText } from './support/object-reads.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer({ OKS3_MULTIPART_MIN_PART_SIZE: '0' });
const bucket = useBucket(server, 'inline');

describe('small objects stored inline', () => {
  it('stores objects up to 4 KiB in their version row, with no block file, and serves ranges', async () => {
    const { s3 } = server;
    const before = await blockFiles(server.config.dataDir);
    const small = randomBytes(4096);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.bin', Body: small }));
    expect(put.ETag).toBe(`"${md5(small)}"`);
    expect((await blockFiles(server.config.dataDir)).count).toBe(before.count);
    expect((await objectBytes(s3, bucket, 'small.bin')).equals(small)).toBe(true);
    expect(
      (await objectBytes(s3, bucket, 'small.bin', { Range: 'bytes=100-199' })).equals(
        small.subarray(100, 200),
      ),
    ).toBe(true);

    const larger = randomBytes(4097);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'larger.bin', Body: larger }));
    expect((await blockFiles(server.config.dataDir)).count).toBe(before.count + 1);
    expect((await objectBytes(s3, bucket, 'larger.bin')).equals(larger)).toBe(true);
  });

  it('copies an inline object and uses it as an UploadPartCopy source', async () => {
    const { s3 } = server;
    const small = randomBytes(3000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: small }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/src` }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'src' }));
    expect((await objectBytes(s3, bucket, 'copy')).equals(small)).toBe(true);

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
    expect((await objectBytes(s3, bucket, 'assembled')).equals(small)).toBe(true);
  });

  it('keeps inline versions apart in a versioned bucket', async () => {
    const { s3 } = server;
    const versioned = await server.bucket('inline-ver', { versioning: 'Enabled' });
    const first = await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'second' }));
    expect(await objectText(s3, versioned, 'k', { VersionId: first.VersionId })).toBe('first');
    expect(await objectText(s3, versioned, 'k')).toBe('second');
  });
});
