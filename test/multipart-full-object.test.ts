import { crc32 } from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';
import {
  type ChecksumAlgorithm,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { describe, expect, it } from 'vitest';
import { sendRaw, signRequest } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer({ OKS3_MULTIPART_MIN_PART_SIZE: '1024' });
const bucket = useBucket(server, 'full-object');

type Crc = 'CRC32' | 'CRC32C' | 'CRC64NVME';

/** The CRC of the bytes, computed by other code than the server's (Node's zlib, AWS's packages). */
async function wholeCrc(algorithm: Crc, bytes: Buffer): Promise<string> {
  if (algorithm === 'CRC32') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(bytes) >>> 0);
    return out.toString('base64');
  }
  if (algorithm === 'CRC32C') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(new Crc32c().update(bytes).digest() >>> 0);
    return out.toString('base64');
  }
  const crc = new Crc64Nvme();
  crc.update(bytes);
  return Buffer.from(await crc.digest()).toString('base64');
}

const field = (algorithm: Crc) => `Checksum${algorithm}` as const;
const PARTS = [
  Buffer.alloc(1500, 'x'),
  Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 251)),
  Buffer.from('end'),
];
const WHOLE = Buffer.concat(PARTS);

async function upload(key: string, algorithm: Crc, type: 'FULL_OBJECT' | undefined) {
  const { s3 } = server;
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      ChecksumAlgorithm: algorithm,
      ChecksumType: type,
    }),
  );
  expect([created.ChecksumAlgorithm, created.ChecksumType]).toEqual([algorithm, 'FULL_OBJECT']);
  const parts = [];
  for (const [i, Body] of PARTS.entries()) {
    const out = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: created.UploadId,
        PartNumber: i + 1,
        Body,
        ChecksumAlgorithm: algorithm as ChecksumAlgorithm,
      }),
    );
    expect(out[field(algorithm)]).toBe(await wholeCrc(algorithm, Body));
    parts.push({ PartNumber: i + 1, ETag: out.ETag, [field(algorithm)]: out[field(algorithm)] });
  }
  return { uploadId: created.UploadId, parts };
}

describe('FULL_OBJECT multipart checksums', () => {
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    it(`makes the ${algorithm} of the whole object from three parts, checks the claim and serves it`, async () => {
      const { s3 } = server;
      const key = `whole-${algorithm}`;
      const expected = await wholeCrc(algorithm, WHOLE);
      const { uploadId, parts } = await upload(key, algorithm, 'FULL_OBJECT');
      const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      expect(listed.ChecksumType).toBe('FULL_OBJECT');
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ChecksumType: 'FULL_OBJECT',
          [field(algorithm)]: expected,
        }),
      );
      expect([done[field(algorithm)], done.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);

      const head = await s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      expect([head[field(algorithm)], head.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
      // The SDK validates a FULL_OBJECT checksum against the bytes it receives.
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
      expect([got[field(algorithm)], got.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(WHOLE)).toBe(true);
      const attributes = await s3.send(
        new GetObjectAttributesCommand({
          Bucket: bucket,
          Key: key,
          ObjectAttributes: ['Checksum', 'ObjectParts'],
        }),
      );
      expect(attributes.Checksum).toEqual({ [field(algorithm)]: expected, ChecksumType: 'FULL_OBJECT' });
      // Parts are listed for COMPOSITE checksums only; a FULL_OBJECT one gives the count.
      expect(attributes.ObjectParts).toEqual({ TotalPartsCount: 3 });
    });
  }

  it('makes CRC64NVME uploads FULL_OBJECT when no type is given, and accepts a Complete without a claim', async () => {
    const { s3 } = server;
    const { uploadId, parts } = await upload('default-crc64', 'CRC64NVME', undefined);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'default-crc64',
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    expect([done.ChecksumCRC64NVME, done.ChecksumType]).toEqual([
      await wholeCrc('CRC64NVME', WHOLE),
      'FULL_OBJECT',
    ]);
  });

  it('refuses a wrong whole-object claim with BadDigest and stores nothing', async () => {
    const { s3 } = server;
    const key = 'wrong-claim';
    const { uploadId, parts } = await upload(key, 'CRC32C', 'FULL_OBJECT');
    const wrong = await wholeCrc('CRC32C', Buffer.concat([WHOLE, Buffer.from('!')]));
    const err = await failure(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ChecksumType: 'FULL_OBJECT',
          ChecksumCRC32C: wrong,
        }),
      ),
    );
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['BadDigest', 400]);
    expect((await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })))).name).toBe(
      'NotFound',
    );
    const left = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    expect(left.Parts?.length).toBe(3);
    const composite = await failure(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ChecksumType: 'COMPOSITE',
        }),
      ),
    );
    expect(composite.name).toBe('InvalidRequest');
  });

  it('refuses FULL_OBJECT with SHA1/SHA256, COMPOSITE with CRC64NVME and a type without an algorithm', async () => {
    const create = async (headers: Record<string, string>) =>
      sendRaw(
        server.port,
        await signRequest(server.port, {
          method: 'POST',
          path: `/${bucket}/refused`,
          query: { uploads: '' },
          headers,
        }),
      );
    const cases: Record<string, string>[] = [
      { 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-type': 'FULL_OBJECT' },
      { 'x-amz-checksum-algorithm': 'SHA1', 'x-amz-checksum-type': 'FULL_OBJECT' },
      { 'x-amz-checksum-algorithm': 'CRC64NVME', 'x-amz-checksum-type': 'COMPOSITE' },
      { 'x-amz-checksum-type': 'FULL_OBJECT' },
      { 'x-amz-checksum-algorithm': 'CRC32', 'x-amz-checksum-type': 'WHOLE' },
    ];
    for (const headers of cases) {
      const res = await create(headers);
      expect([res.status, res.code], JSON.stringify(headers)).toEqual([400, 'InvalidRequest']);
    }
    const composite = await create({ 'x-amz-checksum-algorithm': 'SHA256' });
    expect([composite.status, composite.headers['x-amz-checksum-type']]).toEqual([200, 'COMPOSITE']);
    const crc32Default = await create({ 'x-amz-checksum-algorithm': 'CRC32' });
    expect(crc32Default.headers['x-amz-checksum-type']).toBe('COMPOSITE');
  });
});
