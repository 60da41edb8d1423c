import { createHash, randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { SLAB_BYTES } from '../src/compute/slabs.js';
import { md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { startTestServer } from './support/test-server.js';
import { useBucket, useServer } from './support/use-server.js';

/**
 * Bodies of a slab or more are hashed on the hash pool's threads (compute/hash-pool.ts): the ETag's
 * MD5, a signed payload's SHA-256, the FastCDC cuts and the block hashes. These tests prove the
 * threads did that work (the pool's byte count), that the result is what the event loop computes
 * (same ETag, same block files as a server hashing on its event loop), and that a broken promise
 * is still refused with nothing stored.
 */
const SIZE = 3 * SLAB_BYTES + 12_345;
const data = randomBytes(SIZE);

describe('hashing on threads', () => {
  const shared = useServer();
  const bucket = useBucket(shared, 'threads');

  it('computes the ETag and the blocks on threads, byte-exact', async () => {
    const pool = shared.running.context.hashing;
    expect(pool.enabled).toBe(true);
    const before = pool.bytesHashed;
    const put = await shared.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big', Body: data }));
    expect(put.ETag).toBe(`"${md5(data)}"`);
    // Every byte went to a thread twice: once for the digest, once for the block scan.
    expect(pool.bytesHashed - before).toBe(2 * SIZE);
    const got = await shared.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  it('checks a signed payload hash and Content-MD5 on threads; a wrong one stores nothing', async () => {
    const pool = shared.running.context.hashing;
    const before = pool.bytesHashed;
    const other = randomBytes(2 * SLAB_BYTES);
    const wrongSha = await signRequest(
      shared.port,
      { method: 'PUT', path: `/${bucket}/signed-wrong`, body: other, headers: {} },
      { payloadHash: createHash('sha256').update('something else').digest('hex') },
    );
    const refused = await sendRaw(shared.port, wrongSha);
    expect(refused.status).toBe(400);
    expect(refused.body.toString()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    const wrongMd5 = await signRequest(shared.port, {
      method: 'PUT',
      path: `/${bucket}/md5-wrong`,
      body: other,
      headers: { 'content-md5': createHash('md5').update('nope').digest('base64') },
    });
    const bad = await sendRaw(shared.port, wrongMd5);
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toContain('<Code>BadDigest</Code>');
    expect(pool.bytesHashed - before).toBeGreaterThanOrEqual(2 * other.length);
    // A signed payload that matches is stored.
    const right = await signRequest(shared.port, {
      method: 'PUT',
      path: `/${bucket}/signed-right`,
      body: other,
      headers: { 'content-md5': createHash('md5').update(other).digest('base64') },
    });
    const ok = await sendRaw(shared.port, right);
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe(`"${md5(other)}"`);
    for (const Key of ['signed-wrong', 'md5-wrong']) {
      await expect(shared.s3.send(new HeadObjectCommand({ Bucket: bucket, Key }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
    }
    const got = await shared.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'signed-right' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(other)).toBe(true);
  });
});

describe('hashing on the event loop (OKS3_HASH_THREADS=0)', () => {
  const shared = useServer({ OKS3_HASH_THREADS: '0' });
  const bucket = useBucket(shared, 'nothreads');

  it('cuts the same blocks as the threads do', async () => {
    const pool = shared.running.context.hashing;
    expect(pool.enabled).toBe(false);
    const put = await shared.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big', Body: data }));
    expect(put.ETag).toBe(`"${md5(data)}"`);
    expect(pool.bytesHashed).toBe(0);
    const here = await blockFiles(shared.config.dataDir);
    // The same bytes through a server with threads, into a folder of its own.
    const threaded = await startTestServer();
    try {
      const s3 = threaded.client();
      const other = `${bucket}-t`;
      await s3.send(new CreateBucketCommand({ Bucket: other }));
      await s3.send(new PutObjectCommand({ Bucket: other, Key: 'big', Body: data }));
      expect(threaded.running.context.hashing.bytesHashed).toBe(2 * SIZE);
      const there = await blockFiles(threaded.config.dataDir);
      expect(here.count).toBeGreaterThan(1);
      expect([...there.names].sort()).toEqual([...here.names].sort());
    } finally {
      await threaded.close();
    }
  });
});
