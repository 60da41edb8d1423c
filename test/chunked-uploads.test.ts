import { createHash, randomBytes } from 'node:crypto';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { streamingPutRequest } from './support/aws-chunked.js';
import {
  blockHashesOf,
  blockNames,
  connectTestKeyspace,
  eventually,
  referencedBlocks,
} from './support/block-metadata.js';
import { crc32Base64, md5 } from './support/digests.js';
import { objectBytes } from './support/object-reads.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { sendPartial } from './support/raw-socket.js';
import { useBucket, useServer } from './support/use-server.js';

// Small blocks, so a 256 KiB body is ~120 blocks, most of them published before a failure at its
// end is detected (backpressure keeps the decoder only a few blocks ahead); grace 0 and a 1 s
// interval, so the collector removes the blocks of a failed body within seconds.
const ENV = {
  OKS3_BLOCK_MIN: '1024',
  OKS3_BLOCK_AVG: '2048',
  OKS3_BLOCK_MAX: '4096',
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
};

const server = useServer(ENV);
const bucket = useBucket(server, 'chunked');
let db: CqlClient;
let baseline: Set<string>;

beforeAll(async () => {
  db = await connectTestKeyspace();
});
afterAll(async () => {
  await db?.shutdown();
});
const CHUNK = 64 * 1024;
/** 256 KiB of fresh random data in four aws-chunked chunks. */
const body = () => {
  const data = randomBytes(4 * CHUNK);
  return { data, chunks: [0, 1, 2, 3].map((i) => data.subarray(i * CHUNK, (i + 1) * CHUNK)) };
};
const path = (key: string) => `/${bucket}/${key}`;

async function readBack(key: string): Promise<Buffer | 'NoSuchKey'> {
  try {
    return await objectBytes(server.s3, bucket, key);
  } catch (err) {
    if (err instanceof S3ServiceException && err.name === 'NoSuchKey') return 'NoSuchKey';
    throw err;
  }
}

/** The key is absent, no block of `data` keeps a reference, and the collector removes its files. */
async function expectNothingStored(key: string, data: Buffer): Promise<void> {
  expect(await readBack(key)).toBe('NoSuchKey');
  const hashes = await blockHashesOf(data, server.config.blocks);
  // The request may still be discarding when a killed client's socket closes: poll briefly.
  expect(await eventually(async () => (await referencedBlocks(db, hashes)).size === 0, 5000)).toBe(true);
  const cleaned = await eventually(async () => {
    const names = await blockNames(server.config.dataDir);
    return [...hashes].every((h) => !names.has(h)) && names.size === baseline.size;
  }, 15_000);
  expect(cleaned, 'block files of the failed body were not collected').toBe(true);
}

describe('aws-chunked PutObject through raw HTTP', () => {
  beforeAll(async () => {
    baseline = await blockNames(server.config.dataDir);
  });

  it('stores a correctly signed STREAMING-AWS4-HMAC-SHA256-PAYLOAD body', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('signed'), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      chunks,
    });
    const res = await sendRaw(server.port, req);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.etag).toBe(`"${md5(data)}"`);
    expect(md5(Buffer.from(await readBack('signed')))).toBe(md5(data));
    baseline = await blockNames(server.config.dataDir);
  });

  it('rejects a body with one tampered chunk signature and keeps nothing of it', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('tampered'), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      chunks,
      tamperChunk: 3,
    });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(403);
    expect(res.code).toBe('SignatureDoesNotMatch');
    await expectNothingStored('tampered', data);
  });

  it('rejects a tampered final (0-size) chunk signature', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('tampered-final'), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      chunks,
      tamperChunk: chunks.length,
    });
    const res = await sendRaw(server.port, req);
    expect(res.code).toBe('SignatureDoesNotMatch');
    await expectNothingStored('tampered-final', data);
  });

  it('stores STREAMING-UNSIGNED-PAYLOAD-TRAILER with a matching crc32 trailer', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('unsigned-trailer'), {
      mode: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      chunks,
      trailer: ['x-amz-checksum-crc32', crc32Base64(data)],
    });
    const res = await sendRaw(server.port, req);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['x-amz-checksum-crc32']).toBe(crc32Base64(data));
    expect(md5(Buffer.from(await readBack('unsigned-trailer')))).toBe(md5(data));
    baseline = await blockNames(server.config.dataDir);
  });

  it('rejects STREAMING-UNSIGNED-PAYLOAD-TRAILER with a wrong crc32 trailer as BadDigest', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('bad-crc'), {
      mode: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      chunks,
      trailer: ['x-amz-checksum-crc32', crc32Base64(Buffer.from('something else'))],
    });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(400);
    expect(res.code).toBe('BadDigest');
    await expectNothingStored('bad-crc', data);
  });

  it('stores STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with a valid trailer signature', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('signed-trailer'), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      chunks,
      trailer: ['x-amz-checksum-crc32', crc32Base64(data)],
    });
    const res = await sendRaw(server.port, req);
    expect(res.status, res.text).toBe(200);
    expect(md5(Buffer.from(await readBack('signed-trailer')))).toBe(md5(data));
    baseline = await blockNames(server.config.dataDir);
  });

  it('rejects a tampered trailer signature and keeps nothing', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('bad-trailer-sig'), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      chunks,
      trailer: ['x-amz-checksum-crc32', crc32Base64(data)],
      tamperTrailerSignature: true,
    });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(403);
    expect(res.code).toBe('SignatureDoesNotMatch');
    await expectNothingStored('bad-trailer-sig', data);
  });

  it('keeps nothing of a signed body cut off mid-upload, and keeps serving', async () => {
    const { data, chunks } = body();
    const req = await streamingPutRequest(server.port, path('truncated'), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      chunks,
    });
    await sendPartial(
      server.port,
      { method: 'PUT', path: path('truncated'), headers: req.headers },
      req.body.subarray(0, Math.floor(req.body.length * 0.7)),
    );
    await expectNothingStored('truncated', data);

    const next = await streamingPutRequest(server.port, path('after-truncated'), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      chunks,
    });
    expect((await sendRaw(server.port, next)).status).toBe(200);
    expect(md5(Buffer.from(await readBack('after-truncated')))).toBe(md5(data));
    baseline = await blockNames(server.config.dataDir);
  });

  it('keeps nothing of a plain body shorter than its Content-Length', async () => {
    const data = randomBytes(4 * CHUNK);
    const signed = await signRequest(
      server.port,
      { method: 'PUT', path: path('short-plain'), headers: { 'content-length': String(data.length) } },
      { payloadHash: 'UNSIGNED-PAYLOAD' },
    );
    await sendPartial(
      server.port,
      { method: 'PUT', path: path('short-plain'), headers: signed.headers },
      data.subarray(0, 3 * CHUNK),
    );
    await expectNothingStored('short-plain', data);
  });

  it('rejects a body whose SHA-256 differs from x-amz-content-sha256', async () => {
    const data = randomBytes(4 * CHUNK);
    const req = await signRequest(
      server.port,
      { method: 'PUT', path: path('sha-mismatch'), body: data },
      { payloadHash: createHash('sha256').update('other bytes').digest('hex') },
    );
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(400);
    expect(res.code).toBe('XAmzContentSHA256Mismatch');
    await expectNothingStored('sha-mismatch', data);
  });

  it('rejects a body whose MD5 differs from Content-MD5 as BadDigest', async () => {
    const data = randomBytes(4 * CHUNK);
    const wrongMd5 = createHash('md5').update('other bytes').digest('base64');
    const req = await signRequest(server.port, {
      method: 'PUT',
      path: path('md5-mismatch'),
      headers: { 'content-md5': wrongMd5 },
      body: data,
    });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(400);
    expect(res.code).toBe('BadDigest');
    await expectNothingStored('md5-mismatch', data);
  });

  it.each([
    ['larger', 1],
    ['smaller', -1],
  ])('rejects an x-amz-decoded-content-length %s than the chunks carry', async (_what, delta) => {
    const { data, chunks } = body();
    const key = `decoded-length-${delta}`;
    const req = await streamingPutRequest(server.port, path(key), {
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      chunks,
      headers: { 'x-amz-decoded-content-length': String(data.length + delta) },
    });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(400);
    expect(res.code).toBe('IncompleteBody');
    await expectNothingStored(key, data);
  });
});
