import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { connectTestKeyspace, eventually } from './support/block-metadata.js';
import { blockFiles } from './support/disk.js';
import { failure } from './support/s3-failure.js';
import { seededBuffer, seededStream, sha256Of } from './support/seeded-data.js';
import { useBucket, useServer } from './support/use-server.js';

const MiB = 1024 * 1024;
const SIZE = 48 * MiB;

// The default 5 MiB minimum part size; re-chunking and collection run every second, no grace.
const server = useServer({
  OKS3_RECHUNK_INTERVAL_SECONDS: '1',
  OKS3_GC_INTERVAL_SECONDS: '1',
  OKS3_GC_GRACE_SECONDS: '0',
});
let db: CqlClient;
beforeAll(async () => {
  db = await connectTestKeyspace();
});
afterAll(async () => {
  await db?.shutdown();
});

async function currentVersionId(key: string): Promise<string> {
  const row = (
    await db.execute('SELECT version_id FROM objects WHERE bucket = ? AND key = ?', [bucket, key])
  ).first();
  return String(row.get('version_id'));
}

async function segmentBlobs(versionId: string): Promise<Set<string>> {
  const rs = await db.execute('SELECT blob_id FROM version_parts WHERE version_id = ?', [versionId]);
  return new Set(rs.rows.map((r) => String(r.get('blob_id'))));
}

function sameNames(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((n) => b.has(n));
}
const bucket = useBucket(server, 'mpu-dedup');

async function uploadWithParts(key: string, partSize: number): Promise<void> {
  const upload = new Upload({
    client: server.s3,
    params: { Bucket: bucket, Key: key, Body: seededStream('dedup-file', SIZE) },
    queueSize: 4,
    partSize,
  });
  await upload.done();
}

describe('multipart uploads on deduplicated blocks', () => {
  it('the same file as a single PUT and as 5 MiB and 8 MiB multipart uploads ends up as the same blocks', async () => {
    const dir = server.config.dataDir;
    const before = await blockFiles(dir);
    // A part size above the file's size: lib-storage sends one PutObject.
    await uploadWithParts('single.bin', 64 * MiB);
    const single = await blockFiles(dir);
    const singleBlocks = [...single.names].filter((n) => !before.names.has(n));
    expect(singleBlocks.length).toBeGreaterThanOrEqual(SIZE / server.config.blocks.maxSize);
    for (const [key, partSize] of [
      ['five.bin', 5 * MiB],
      ['eight.bin', 8 * MiB],
    ] as const) {
      await uploadWithParts(key, partSize);
      const completed = Date.now();
      const versionId = await currentVersionId(key);
      // In the background: the part edges are chunked again into one blob for the whole object...
      const merged = await eventually(async () => (await segmentBlobs(versionId)).size === 1, 60_000, 100);
      expect(merged, `${key}: segments still on ${(await segmentBlobs(versionId)).size} blobs`).toBe(true);
      // ...and the blocks only the parts had are collected: the folder holds the single PUT's blocks.
      const same = await eventually(
        async () => sameNames((await blockFiles(dir)).names, single.names),
        60_000,
        100,
      );
      const now = await blockFiles(dir);
      expect(same, `${key}: ${now.count} block files, ${single.count} after the single PUT`).toBe(true);
      expect(now.bytes).toBe(single.bytes);
      console.info(`${key}: no new block after ${Date.now() - completed} ms from Complete`);
    }
    const expected = await sha256Of(seededStream('dedup-file', SIZE));
    for (const key of ['single.bin', 'five.bin', 'eight.bin']) {
      const got = await server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect((await sha256Of(got.Body as AsyncIterable<Uint8Array>)).hex).toBe(expected.hex);
    }
    // A part still reads as itself, and a range across an edge as the bytes there.
    const data = await seededBuffer('dedup-file', SIZE);
    const part = await server.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'eight.bin', PartNumber: 2 }),
    );
    expect(part.ContentRange).toBe(`bytes ${8 * MiB}-${16 * MiB - 1}/${SIZE}`);
    expect(
      Buffer.from(await part.Body!.transformToByteArray()).equals(data.subarray(8 * MiB, 16 * MiB)),
    ).toBe(true);
    const edge = await server.s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: 'five.bin',
        Range: `bytes=${5 * MiB - 3000}-${5 * MiB + 2999}`,
      }),
    );
    const edgeBytes = Buffer.from(await edge.Body!.transformToByteArray());
    expect(edgeBytes.equals(data.subarray(5 * MiB - 3000, 5 * MiB + 3000))).toBe(true);
  }, 300_000);

  it('rejects a part below the default 5 MiB minimum unless it is the last', async () => {
    const { s3 } = server;
    const Key = 'too-small.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
    const a = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key,
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(5 * MiB - 1, 1),
      }),
    );
    const b = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 2, Body: Buffer.alloc(10, 2) }),
    );
    const parts = [
      { PartNumber: 1, ETag: a.ETag! },
      { PartNumber: 2, ETag: b.ETag! },
    ];
    const err = await failure(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      ),
    );
    expect(err.name).toBe('EntityTooSmall');
    // The last part alone may be small.
    const one = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [parts[1]!] },
      }),
    );
    expect(one.ETag).toMatch(/-1"$/);
  });
});
