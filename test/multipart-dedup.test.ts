import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { describe, expect, it } from 'vitest';
import { blockFiles } from './support/disk.js';
import { failure } from './support/s3-failure.js';
import { seededStream, sha256Of } from './support/seeded-data.js';
import { useBucket, useServer } from './support/use-server.js';

const MiB = 1024 * 1024;
const SIZE = 48 * MiB;

const server = useServer(); // the default 5 MiB minimum part size
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
  it('the same file uploaded again with other part sizes adds only the blocks at part edges', async () => {
    const empty = await blockFiles(server.config.dataDir);
    await uploadWithParts('five.bin', 5 * MiB);
    const first = await blockFiles(server.config.dataDir);
    await uploadWithParts('eight.bin', 8 * MiB);
    const second = await blockFiles(server.config.dataDir);
    const firstBlocks = first.count - empty.count;
    const added = second.count - first.count;
    const addedBytes = second.bytes - first.bytes;
    console.info(
      `5 MiB parts: ${firstBlocks} blocks, ${first.bytes - empty.bytes} bytes; ` +
        `8 MiB parts added ${added} blocks, ${addedBytes} bytes (${((100 * addedBytes) / SIZE).toFixed(2)} %)`,
    );
    // Content-defined cuts restart at every part start, so each part edge the other upload does
    // not share (8 of the 5 MiB ones, 4 of the 8 MiB ones; 40 MiB is an edge of both) changes the
    // block around it and the one or two after it until the cuts line up again. Measured with the
    // default chunker (16/64/256 KiB): 33 blocks for these 12 edges, 4.5 % of the bytes. Nothing
    // away from an edge may be stored twice.
    const unsharedEdges = 12;
    expect(added).toBeLessThanOrEqual(3 * unsharedEdges);
    expect(addedBytes).toBeLessThanOrEqual(unsharedEdges * 3 * 64 * 1024 * 1.25);
    const expected = await sha256Of(seededStream('dedup-file', SIZE));
    for (const key of ['five.bin', 'eight.bin']) {
      const got = await server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect((await sha256Of(got.Body as AsyncIterable<Uint8Array>)).hex).toBe(expected.hex);
    }
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
