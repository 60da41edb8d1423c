import { randomBytes } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { getObject, objectBytes, objectText } from './support/object-reads.js';
import { sendRaw } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'copy');

describe('CopyObject', () => {
  it('copies by reference: no new block files, same bytes, metadata copied or replaced', async () => {
    const { s3 } = server;
    const data = randomBytes(1_500_000);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'src.bin',
        Body: data,
        Metadata: { a: '1' },
        ContentType: 'text/x-a',
      }),
    );
    const before = await blockFiles(server.config.dataDir);
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'dst.bin', CopySource: `${bucket}/src.bin` }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5(data)}"`);
    const replaced = await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'dst2.bin',
        CopySource: `${bucket}/src.bin`,
        MetadataDirective: 'REPLACE',
        Metadata: { b: '2' },
        ContentType: 'text/x-b',
      }),
    );
    expect(replaced.CopyObjectResult?.ETag).toBe(copied.CopyObjectResult?.ETag);
    expect((await blockFiles(server.config.dataDir)).count).toBe(before.count);
    const got = await getObject(s3, bucket, 'dst.bin');
    expect(got.body.equals(data)).toBe(true);
    expect(got.res.Metadata).toEqual({ a: '1' });
    const head2 = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dst2.bin' }));
    expect(head2.Metadata).toEqual({ b: '2' });
    expect(head2.ContentType).toBe('text/x-b');
  });

  it('keeps the copy readable after the source is deleted', async () => {
    const { s3 } = server;
    const data = randomBytes(200_000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'short-lived', Body: data }));
    await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'survivor', CopySource: `${bucket}/short-lived` }),
    );
    await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'short-lived' }] } }),
    );
    expect((await objectBytes(s3, bucket, 'survivor')).equals(data)).toBe(true);
  });

  it('rejects copying an object onto itself without changes, and a missing source', async () => {
    const { s3 } = server;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'self', Body: 'x' }));
    const self = await failure(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'self', CopySource: `${bucket}/self` })),
    );
    expect(self.name).toBe('InvalidRequest');
    const missing = await failure(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x', CopySource: `${bucket}/nope` })),
    );
    expect(missing.name).toBe('NoSuchKey');
  });
});

describe('DeleteObjects', () => {
  it('deletes a batch (the SDK sends a CRC32 checksum, not Content-MD5) and reports each key', async () => {
    const { s3 } = server;
    const keys = Array.from({ length: 25 }, (_, i) => `batch/${i}`);
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));
    const res = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }),
    );
    expect(res.Deleted?.map((d) => d.Key).sort()).toEqual([...keys].sort());
    expect(res.Errors ?? []).toEqual([]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'batch/' }));
    expect(left.KeyCount).toBe(0);
  });

  it('takes the largest request S3 allows: 1,000 keys of 1,024 bytes with characters to escape', async () => {
    const { s3 } = server;
    // '&' travels as '&amp;': about 3 MB of XML, far above the 1 MiB cap this endpoint once had.
    const keys = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(4, '0')}/${'&'.repeat(1019)}`);
    expect(keys.every((k) => Buffer.byteLength(k) === 1024)).toBe(true);
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    expect(res.Errors ?? []).toEqual([]);
    const tooMany = await failure(
      s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: [...keys, 'one-more'].map((Key) => ({ Key })), Quiet: true },
        }),
      ),
    );
    expect([tooMany.$metadata.httpStatusCode, tooMany.name]).toEqual([400, 'MalformedXML']);
  });
});

describe('conditional PUT', () => {
  it('If-None-Match: * creates once; If-Match replaces only the matching version', async () => {
    const { s3 } = server;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'first', IfNoneMatch: '*' }));
    const again = await failure(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'second', IfNoneMatch: '*' })),
    );
    expect(again.$metadata.httpStatusCode).toBe(412);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'once' }));
    const wrong = await failure(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'third', IfMatch: '"0000"' })),
    );
    expect(wrong.$metadata.httpStatusCode).toBe(412);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'fourth', IfMatch: head.ETag }));
    expect(await objectText(s3, bucket, 'once')).toBe('fourth');
  });

  it('lets exactly one of many racing If-None-Match writers win', async () => {
    const { s3 } = server;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'race', Body: `writer ${i}`, IfNoneMatch: '*' })),
      ),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    // The losers wait for the key's lease (well within its 10 s), then find the winner's object:
    // 412, as S3 fails the writes after the first to finish. 409 would mean a lease timed out.
    const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as S3ServiceException] : []));
    expect(losers.map((e) => [e.name, e.$metadata.httpStatusCode])).toEqual(
      Array.from({ length: 7 }, () => ['PreconditionFailed', 412]),
    );
  });
});

describe('public-read buckets', () => {
  it('list to anyone, but serve anonymous GETs only of public-read objects, and take no anonymous writes', async () => {
    const { s3 } = server;
    const pub = await server.bucket('pub', { acl: 'public-read' });
    await s3.send(
      new PutObjectCommand({
        Bucket: pub,
        Key: 'a/d/book.pdf',
        Body: 'PDF',
        ContentType: 'application/pdf',
        ACL: 'public-read',
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: pub, Key: 'a/d/private.txt', Body: 'secret' }));
    const get = await sendRaw(server.port, { method: 'GET', path: `/${pub}/a/d/book.pdf` });
    expect(get.status).toBe(200);
    expect(get.text).toBe('PDF');
    expect(get.headers['content-type']).toBe('application/pdf');
    // A bucket READ grant is for listing: the private object stays private, to GET, HEAD and copy.
    const hidden = await sendRaw(server.port, { method: 'GET', path: `/${pub}/a/d/private.txt` });
    expect(hidden.status).toBe(403);
    expect(hidden.code).toBe('AccessDenied');
    expect((await sendRaw(server.port, { method: 'HEAD', path: `/${pub}/a/d/private.txt` })).status).toBe(
      403,
    );
    const list = await sendRaw(server.port, { method: 'GET', path: `/${pub}`, query: { 'list-type': '2' } });
    expect(list.status).toBe(200);
    expect([...list.text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1])).toEqual([
      'a/d/book.pdf',
      'a/d/private.txt',
    ]);
    const put = await sendRaw(server.port, {
      method: 'PUT',
      path: `/${pub}/x`,
      body: 'evil',
      headers: { 'content-length': '4' },
    });
    expect([put.status, put.code]).toEqual([403, 'AccessDenied']);
    const del = await sendRaw(server.port, { method: 'DELETE', path: `/${pub}/a/d/book.pdf` });
    expect([del.status, del.code]).toEqual([403, 'AccessDenied']);
    const priv = await sendRaw(server.port, { method: 'GET', path: `/${bucket}/once` });
    expect([priv.status, priv.code]).toEqual([403, 'AccessDenied']);
  });
});
