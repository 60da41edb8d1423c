import {
  DeleteObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, signRequest } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

const KEYS = ['a/b/1.txt', 'a/b/2.txt', 'a/c.txt', 'a/d/e/f.txt', 'b.txt', 'c/', 'c/x', 'z', 'é/ü', 'a+b'];
const server = useServer();
const bucket = useBucket(server, 'list');
beforeAll(async () => {
  const { s3 } = server;
  await Promise.all(KEYS.map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));
});

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('ListObjects and ListObjectsV2', () => {
  it('lists every key in UTF-8 byte order', async () => {
    const res = await server.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(res.Contents?.map((c) => c.Key)).toEqual([...KEYS].sort(byteOrder));
    expect(res.KeyCount).toBe(KEYS.length);
    expect(res.IsTruncated).toBe(false);
  });

  it('rolls keys up into common prefixes with a delimiter', async () => {
    const res = await server.s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    expect(res.Contents?.map((c) => c.Key)).toEqual(['a+b', 'b.txt', 'z']);
    expect(res.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'c/', 'é/']);
    const sub = await server.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', Prefix: 'a/' }),
    );
    expect(sub.Contents?.map((c) => c.Key)).toEqual(['a/c.txt']);
    expect(sub.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/b/', 'a/d/']);
  });

  it('paginates V2 with continuation tokens, one item per page, across common prefixes', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await server.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 1, ContinuationToken: token }),
      );
      seen.push(
        ...(res.Contents ?? []).map((c) => c.Key!),
        ...(res.CommonPrefixes ?? []).map((p) => p.Prefix!),
      );
      token = res.NextContinuationToken;
      pages += 1;
      expect(pages).toBeLessThan(20);
    } while (token);
    expect(seen).toEqual(['a+b', 'a/', 'b.txt', 'c/', 'z', 'é/']);
  });

  it('paginates V1 with markers and honours start-after in V2', async () => {
    const first = await server.s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 4 }));
    expect(first.IsTruncated).toBe(true);
    const last = first.Contents!.at(-1)!.Key!;
    const second = await server.s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: last }));
    expect([...first.Contents!, ...second.Contents!].map((c) => c.Key)).toEqual([...KEYS].sort(byteOrder));
    const after = await server.s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'b.txt' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['c/', 'c/x', 'z', 'é/ü']);
  });

  it('url-encodes keys when asked (as botocore does)', async () => {
    const req = await signRequest(server.port, {
      method: 'GET',
      path: `/${bucket}`,
      query: { 'list-type': '2', prefix: 'é', 'encoding-type': 'url' },
    });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Key>%C3%A9/%C3%BC</Key>');
    expect(res.text).toContain('<EncodingType>url</EncodingType>');
  });
});

describe('GET /files/{bucket}/{folder} (the original folder listing)', () => {
  it('returns the direct children of a folder as JSON from the folder tables', async () => {
    const req = await signRequest(server.port, { method: 'GET', path: `/files/${bucket}/a` });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = JSON.parse(res.text) as {
      folders: { name: string }[];
      files: { key: string; size: number }[];
    };
    expect(body.folders.map((f) => f.name)).toEqual(['b/', 'd/']);
    expect(body.files.map((f) => f.key)).toEqual(['a/c.txt']);
    expect(body.files[0]?.size).toBe('a/c.txt'.length);
  });

  it('lists the root folder and removes folders that become empty', async () => {
    const { s3 } = server;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tmp/deep/only.txt', Body: 'x' }));
    const root = JSON.parse(
      (
        await sendRaw(
          server.port,
          await signRequest(server.port, { method: 'GET', path: `/files/${bucket}/` }),
        )
      ).text,
    );
    expect(root.folders.map((f: { name: string }) => f.name)).toContain('tmp/');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'tmp/deep/only.txt' }));
    const after = JSON.parse(
      (
        await sendRaw(
          server.port,
          await signRequest(server.port, { method: 'GET', path: `/files/${bucket}/` }),
        )
      ).text,
    );
    expect(after.folders.map((f: { name: string }) => f.name)).not.toContain('tmp/');
    const gone = await sendRaw(
      server.port,
      await signRequest(server.port, { method: 'GET', path: `/files/${bucket}/tmp/deep` }),
    );
    expect([gone.status, gone.code]).toEqual([404, 'NoSuchKey']);
  });

  it('requires authentication unless the bucket is public-read', async () => {
    const res = await sendRaw(server.port, { method: 'GET', path: `/files/${bucket}/a` });
    expect([res.status, res.code]).toEqual([403, 'AccessDenied']);
  });
});
