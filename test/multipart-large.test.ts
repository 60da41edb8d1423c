import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { describe, expect, it } from 'vitest';
import { seededStream, sha256Of } from './support/seeded-data.js';
import { useBucket, useServer } from './support/use-server.js';

const MiB = 1024 * 1024;
const SIZE = 200 * MiB;

const server = useServer();
const bucket = useBucket(server, 'mpu-big');

/** The seeded bytes, hashed on their way to the uploader; never all in memory. */
function hashedSource(seed: string, size: number): { body: Readable; digest: () => string } {
  const hash = createHash('sha256');
  const body = new PassThrough();
  seededStream(seed, size)
    .on('data', (chunk: Buffer) => hash.update(chunk))
    .pipe(body);
  return { body, digest: () => hash.digest('hex') };
}

describe('@aws-sdk/lib-storage Upload', () => {
  it('uploads a 200 MiB stream in 5 MiB parts, 4 at a time, and reads it back byte-identical', async () => {
    const source = hashedSource('lib-storage-200', SIZE);
    const upload = new Upload({
      client: server.s3,
      params: { Bucket: bucket, Key: 'big/200mib.bin', Body: source.body },
      queueSize: 4,
      partSize: 5 * MiB,
      leavePartsOnError: false,
    });
    const done = await upload.done();
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-40"$/);
    const expected = source.digest();

    const { s3 } = server;
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'big/200mib.bin', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ContentLength).toBe(SIZE);
    expect(head.PartsCount).toBe(40);
    // lib-storage asks for CRC32 and echoes each part's checksum: the object's is COMPOSITE.
    expect(head.ChecksumCRC32).toMatch(/-40$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/200mib.bin' }));
    const read = await sha256Of(got.Body as Readable);
    expect(read.size).toBe(SIZE);
    expect(read.hex).toBe(expected);
  }, 600_000);
});
