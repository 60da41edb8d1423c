import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { crc32Base64, md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { getObject, objectBytes } from './support/object-reads.js';
import { failure } from './support/s3-failure.js';
import { uniqueBucket } from './support/test-server.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'obj');

describe('objects through the AWS SDK', () => {
  it('puts, gets, heads and deletes an object, with its metadata', async () => {
    const { s3 } = server;
    const data = randomBytes(300_000);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'docs/report.bin',
        Body: data,
        ContentType: 'application/x-test',
        ContentDisposition: 'attachment; filename="report.bin"',
        CacheControl: 'max-age=60',
        Metadata: { owner: 'alice', purpose: 'test' },
      }),
    );
    expect(put.ETag).toBe(`"${md5(data)}"`);

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/report.bin' }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(body.equals(data)).toBe(true);
    expect(got.ContentType).toBe('application/x-test');
    expect(got.ContentDisposition).toBe('attachment; filename="report.bin"');
    expect(got.CacheControl).toBe('max-age=60');
    expect(got.Metadata).toEqual({ owner: 'alice', purpose: 'test' });
    expect(got.ContentLength).toBe(data.length);

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/report.bin' }));
    expect(head.ETag).toBe(`"${md5(data)}"`);
    expect(head.ContentLength).toBe(data.length);

    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'docs/report.bin' }));
    const err = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/report.bin' })));
    expect(err.name).toBe('NoSuchKey');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('streams a body of unknown length (aws-chunked with a CRC32 trailer) and verifies its checksum', async () => {
    const { s3 } = server;
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: 7 }, (_, i) =>
      data.subarray((i * data.length) / 7, ((i + 1) * data.length) / 7),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'stream.bin',
        Body: Readable.from(chunks),
        ContentLength: data.length,
      }),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'stream.bin', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ChecksumCRC32).toBe(crc32Base64(data));
    expect((await objectBytes(s3, bucket, 'stream.bin')).equals(data)).toBe(true);
  });

  it('round-trips keys with double slashes, trailing slashes, %2F, spaces, plus signs and unicode', async () => {
    const { s3 } = server;
    const keys = [
      'a//b',
      'dir/trailing/',
      'percent%2Fliteral',
      'with space+plus',
      'юникод/ключ ✓',
      'x/../y',
      '.hidden',
    ];
    for (const key of keys) {
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(`content of ${key}`) }),
      );
    }
    for (const key of keys) {
      expect((await objectBytes(s3, bucket, key)).toString()).toBe(`content of ${key}`);
    }
    for (const key of keys) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  });

  it('serves byte ranges and rejects unsatisfiable ones with InvalidRange', async () => {
    const { s3 } = server;
    const data = randomBytes(1_000_000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'range.bin', Body: data }));
    for (const [range, start, end] of [
      ['bytes=0-0', 0, 0],
      ['bytes=1000-299999', 1000, 299999],
      ['bytes=999000-', 999000, 999999],
      ['bytes=-10', 999990, 999999],
      ['bytes=500000-5000000', 500000, 999999],
    ] as const) {
      const got = await getObject(s3, bucket, 'range.bin', { Range: range });
      expect(got.res.$metadata.httpStatusCode, range).toBe(206);
      expect(got.body.equals(data.subarray(start, end + 1)), range).toBe(true);
      expect(got.res.ContentRange).toBe(`bytes ${start}-${end}/${data.length}`);
    }
    const err = await failure(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range.bin', Range: 'bytes=1000000-' })),
    );
    expect(err.$metadata.httpStatusCode).toBe(416);
    expect(err.name).toBe('InvalidRange');
  });

  it('honours If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since', async () => {
    const { s3 } = server;
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond.txt', Body: 'conditional' }));
    const etag = put.ETag!;
    const ok = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfMatch: etag }));
    expect(ok.$metadata.httpStatusCode).toBe(200);
    await ok.Body!.transformToString();
    const mismatch = await failure(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfMatch: '"nope"' })),
    );
    expect(mismatch.$metadata.httpStatusCode).toBe(412);
    const notModified = await failure(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfNoneMatch: etag })),
    );
    expect(notModified.$metadata.httpStatusCode).toBe(304);
    const future = new Date(Date.now() + 3600_000);
    const past = new Date(Date.now() - 3600_000);
    const since = await failure(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfModifiedSince: future })),
    );
    expect(since.$metadata.httpStatusCode).toBe(304);
    const unmod = await failure(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfUnmodifiedSince: past })),
    );
    expect(unmod.$metadata.httpStatusCode).toBe(412);
  });

  it('stores identical content once, whatever bucket or key it arrives under', async () => {
    const { s3 } = server;
    const other = await server.bucket('dedup');
    const data = randomBytes(2 * 1024 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dedup/first.bin', Body: data }));
    const before = await blockFiles(server.config.dataDir);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dedup/second.bin', Body: data }));
    await s3.send(new PutObjectCommand({ Bucket: other, Key: 'elsewhere/third.bin', Body: data }));
    const after = await blockFiles(server.config.dataDir);
    expect(after.count).toBe(before.count);
    expect(after.bytes).toBe(before.bytes);
    expect((await objectBytes(s3, bucket, 'dedup/second.bin')).equals(data)).toBe(true);
    await s3.send(new DeleteObjectCommand({ Bucket: other, Key: 'elsewhere/third.bin' }));
    await s3.send(new DeleteBucketCommand({ Bucket: other }));
  });

  it('answers NoSuchBucket for a missing bucket and BucketNotEmpty for a bucket with objects', async () => {
    const { s3 } = server;
    const missing = await failure(
      s3.send(new PutObjectCommand({ Bucket: uniqueBucket('none'), Key: 'k', Body: 'x' })),
    );
    expect(missing.name).toBe('NoSuchBucket');
    const notEmpty = await failure(s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    expect(notEmpty.name).toBe('BucketNotEmpty');
  });

  it('stores an empty object', async () => {
    const { s3 } = server;
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'empty', Body: Buffer.alloc(0) }));
    expect(put.ETag).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
    expect((await objectBytes(s3, bucket, 'empty')).length).toBe(0);
  });
});
