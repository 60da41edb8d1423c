import { crc32 } from 'node:zlib';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutBucketAclCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { newAccount, type TestAccount } from './support/accounts.js';
import { blockHashesOf, eventually } from './support/block-metadata.js';
import { blockFiles } from './support/disk.js';
import { objectText } from './support/object-reads.js';
import { failure } from './support/s3-failure.js';
import { seededBuffer } from './support/seeded-data.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer({
  OKS3_MULTIPART_MIN_PART_SIZE: '1024',
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
});
const bucket = useBucket(server, 'complete');

/** An open upload of `parts` with CRC32 part checksums; returns what Complete needs. */
async function openUpload(client: S3Client, b: string, key: string, parts: Buffer[]) {
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC32' }),
  );
  const done = [];
  for (const [i, body] of parts.entries()) {
    const out = await client.send(
      new UploadPartCommand({
        Bucket: b,
        Key: key,
        UploadId,
        PartNumber: i + 1,
        Body: body,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    done.push({ PartNumber: i + 1, ETag: out.ETag!, ChecksumCRC32: out.ChecksumCRC32! });
  }
  return { UploadId: UploadId!, Parts: done };
}

/** S3's COMPOSITE CRC32: the CRC32 of the parts' raw CRC32s, base64, `-N`. */
function compositeCrc32(parts: Buffer[]): string {
  const raw = Buffer.concat(
    parts.map((p) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(crc32(p));
      return b;
    }),
  );
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(raw));
  return `${out.toString('base64')}-${parts.length}`;
}

describe('CompleteMultipartUpload conditions', () => {
  it('If-None-Match: * refuses to overwrite, leaves the upload open, and creates when absent', async () => {
    const { s3 } = server;
    const key = 'create-only';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'first' }));
    const up = await openUpload(s3, bucket, key, [Buffer.from('second')]);
    const complete = () =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: up.UploadId,
          MultipartUpload: { Parts: up.Parts },
          IfNoneMatch: '*',
        }),
      );
    const err = await failure(complete());
    expect(err.name).toBe('PreconditionFailed');
    expect(err.$metadata.httpStatusCode).toBe(412);
    expect(await objectText(s3, bucket, key)).toBe('first');
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: up.UploadId }));
    expect(parts.Parts?.length).toBe(1);

    const fresh = await openUpload(s3, bucket, 'absent-key', [Buffer.from('made once')]);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'absent-key',
        UploadId: fresh.UploadId,
        MultipartUpload: { Parts: fresh.Parts },
        IfNoneMatch: '*',
      }),
    );
    expect(await objectText(s3, bucket, 'absent-key')).toBe('made once');
  });

  it('If-Match completes only over the named version', async () => {
    const { s3 } = server;
    const key = 'replace-only';
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'v1' }));
    const up = await openUpload(s3, bucket, key, [Buffer.from('v2')]);
    const complete = (IfMatch: string) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: up.UploadId,
          MultipartUpload: { Parts: up.Parts },
          IfMatch,
        }),
      );
    const wrong = await failure(complete('"0123456789abcdef0123456789abcdef"'));
    expect(wrong.name).toBe('PreconditionFailed');
    expect(await objectText(s3, bucket, key)).toBe('v1');
    await complete(put.ETag!);
    expect(await objectText(s3, bucket, key)).toBe('v2');

    const missing = await openUpload(s3, bucket, 'never-there', [Buffer.from('x')]);
    const err = await failure(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'never-there',
          UploadId: missing.UploadId,
          MultipartUpload: { Parts: missing.Parts },
          IfMatch: put.ETag!,
        }),
      ),
    );
    expect(err.name).toBe('NoSuchKey');
  });
});

describe('CompleteMultipartUpload checksum and size claims', () => {
  const bodies = [Buffer.alloc(2048, 'a'), Buffer.from('tail')];

  it("accepts the object's COMPOSITE CRC32 in x-amz-checksum-crc32 (with or without -N)", async () => {
    const { s3 } = server;
    for (const [i, claim] of [compositeCrc32(bodies), compositeCrc32(bodies).replace(/-2$/, '')].entries()) {
      const key = `claimed-${i}`;
      const up = await openUpload(s3, bucket, key, bodies);
      const out = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: up.UploadId,
          MultipartUpload: { Parts: up.Parts },
          ChecksumCRC32: claim,
          ChecksumType: 'COMPOSITE',
          MpuObjectSize: 2052,
        }),
      );
      expect(out.ChecksumCRC32).toBe(compositeCrc32(bodies));
      expect(await objectText(s3, bucket, key)).toBe(Buffer.concat(bodies).toString());
    }
  });

  it('refuses a wrong claim (BadDigest), another algorithm or a wrong size, making nothing', async () => {
    const { s3 } = server;
    const key = 'bad-claim';
    const up = await openUpload(s3, bucket, key, bodies);
    const attempt = (extra: Record<string, unknown>) =>
      failure(
        s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: up.UploadId,
            MultipartUpload: { Parts: up.Parts },
            ...extra,
          }),
        ),
      );
    expect((await attempt({ ChecksumCRC32: 'AAAAAA==-2' })).name).toBe('BadDigest');
    expect((await attempt({ ChecksumSHA256: Buffer.alloc(32).toString('base64') })).name).toBe(
      'InvalidRequest',
    );
    expect((await attempt({ ChecksumType: 'FULL_OBJECT' })).name).toBe('InvalidRequest');
    expect((await attempt({ MpuObjectSize: 2051 })).name).toBe('InvalidRequest');
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })))).name).toBe(
      'NoSuchKey',
    );
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: up.UploadId }));
    expect(parts.Parts?.length).toBe(2);
  });
});

describe('who started an upload', () => {
  it('ListMultipartUploads and ListParts name the account that created the upload', async () => {
    const { s3 } = server;
    const alice: TestAccount = await newAccount(server, 'initiator');
    const shared = await server.bucket('owners', { legacy: true });
    await s3.send(new PutBucketAclCommand({ Bucket: shared, GrantWrite: `id=${alice.account.accountId}` }));
    const { UploadId } = await alice.s3.send(
      new CreateMultipartUploadCommand({ Bucket: shared, Key: 'by-alice' }),
    );
    await s3.send(new CreateMultipartUploadCommand({ Bucket: shared, Key: 'by-root' }));
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: shared }));
    const byKey = new Map((listed.Uploads ?? []).map((u) => [u.Key, u]));
    expect(byKey.get('by-alice')?.Initiator?.ID).toBe(alice.account.accountId);
    expect(byKey.get('by-alice')?.Owner?.ID).toBe(alice.account.accountId);
    expect(byKey.get('by-alice')?.Owner?.DisplayName).toBe(alice.account.name);
    expect(byKey.get('by-root')?.Initiator?.DisplayName).toBe('root');
    const parts = await alice.s3.send(new ListPartsCommand({ Bucket: shared, Key: 'by-alice', UploadId }));
    expect(parts.Initiator?.ID).toBe(alice.account.accountId);
  });
});

describe('DeleteBucket with unfinished uploads', () => {
  it('aborts them, releases their blocks and deletes the bucket', async () => {
    const { s3 } = server;
    const doomed = await server.bucket('uploads-only');
    const [bodyA, bodyB] = [
      await seededBuffer('abort-a', 3 * 1024 * 1024),
      await seededBuffer('abort-b', 3 * 1024 * 1024),
    ];
    const a = await openUpload(s3, doomed, 'a', [bodyA]);
    await openUpload(s3, doomed, 'b/c', [bodyB, Buffer.from('x')]);
    // The uploads' own blocks (the one-byte part may share its block with other objects).
    const added = [
      ...(await blockHashesOf(bodyA, server.config.blocks)),
      ...(await blockHashesOf(bodyB, server.config.blocks)),
    ];
    const stored = (await blockFiles(server.config.dataDir)).names;
    expect(added.length).toBeGreaterThanOrEqual(4); // 3 MiB is at least two blocks
    expect(added.filter((h) => !stored.has(h))).toEqual([]);
    await s3.send(new DeleteBucketCommand({ Bucket: doomed }));
    expect((await failure(s3.send(new HeadBucketCommand({ Bucket: doomed })))).$metadata.httpStatusCode).toBe(
      404,
    );
    const drained = await eventually(async () => {
      const now = (await blockFiles(server.config.dataDir)).names;
      return added.every((n) => !now.has(n));
    }, 20_000);
    expect(drained).toBe(true);
    const gone = await failure(
      s3.send(new ListPartsCommand({ Bucket: doomed, Key: 'a', UploadId: a.UploadId })),
    );
    expect(gone.name).toBe('NoSuchBucket');
  });

  it('still refuses a bucket that holds an object, and keeps its uploads', async () => {
    const { s3 } = server;
    const kept = await server.bucket('has-object');
    await s3.send(new PutObjectCommand({ Bucket: kept, Key: 'o', Body: 'x' }));
    const up = await openUpload(s3, kept, 'u', [Buffer.from('part')]);
    expect((await failure(s3.send(new DeleteBucketCommand({ Bucket: kept })))).name).toBe('BucketNotEmpty');
    const parts = await s3.send(new ListPartsCommand({ Bucket: kept, Key: 'u', UploadId: up.UploadId }));
    expect(parts.Parts?.length).toBe(1);
  });
});
