import { createHash } from 'node:crypto';
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { blockFiles } from './support/disk.js';
import { getObject } from './support/object-reads.js';
import { browserForm, signedPostFields } from './support/post-policy.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { seededBuffer } from './support/seeded-data.js';
import { useServer } from './support/use-server.js';

// Small parts, so a multipart object of a few MiB has two.
const server = useServer({ OKS3_MULTIPART_MIN_PART_SIZE: '0' });
const MARKER = Buffer.from('OKS3-PLAINTEXT-MARKER-0123456789');
const ARN = (id: string) => `arn:aws:kms:us-east-1:000000000000:key/${id}`;

/** 3 MiB of seeded bytes with the marker every 32 KiB: several blocks, each holding the marker. */
async function markedBody(seed: string): Promise<Buffer> {
  const body = await seededBuffer(seed, 3 * 1024 * 1024);
  for (let at = 0; at + MARKER.length < body.length; at += 32 * 1024) MARKER.copy(body, at);
  return body;
}

/** Every file under the data dir (blocks, temp files, the key file) that contains `needle`. */
async function filesContaining(dir: string, needle: Buffer): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(needle)) found.push(file);
  }
  return found;
}

async function newBlocks(put: () => Promise<unknown>): Promise<Set<string>> {
  const before = (await blockFiles(server.config.dataDir)).names;
  await put();
  const after = (await blockFiles(server.config.dataDir)).names;
  return new Set([...after].filter((n) => !before.has(n)));
}

describe('SSE-S3', () => {
  it('stores nothing readable or recognisable on disk and returns the exact bytes with the header', async () => {
    const bucket = await server.bucket('sse-s3');
    const body = await markedBody('sse-s3');
    const plain = await newBlocks(() =>
      server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain', Body: body })),
    );
    expect(plain.size).toBeGreaterThanOrEqual(3);
    const put = { ServerSideEncryption: undefined as string | undefined };
    const sealed = await newBlocks(async () => {
      const res = await server.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'sealed', Body: body, ServerSideEncryption: 'AES256' }),
      );
      put.ServerSideEncryption = res.ServerSideEncryption;
    });
    expect(put.ServerSideEncryption).toBe('AES256');
    // As many blocks as the plain copy, none named like them (the plain names are the plaintext SHA-256s).
    expect(sealed.size).toBe(plain.size);
    expect([...sealed].filter((n) => plain.has(n))).toEqual([]);
    const found = await filesContaining(server.config.dataDir, MARKER);
    expect(found.length).toBe(plain.size);
    expect(found.every((f) => plain.has(path.basename(f)))).toBe(true);

    const { res, body: read } = await getObject(server.s3, bucket, 'sealed');
    expect(read.equals(body)).toBe(true);
    expect(res.ServerSideEncryption).toBe('AES256');
    const ranged = await getObject(server.s3, bucket, 'sealed', { Range: 'bytes=1000000-2500000' });
    expect(ranged.body.equals(body.subarray(1_000_000, 2_500_001))).toBe(true);
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'sealed' }));
    expect(head.ServerSideEncryption).toBe('AES256');
    const plainHead = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'plain' }));
    expect(plainHead.ServerSideEncryption).toBeUndefined();
  });

  it('deduplicates equal objects under the master key: a second copy adds no block file', async () => {
    const a = await server.bucket('sse-dedup-a');
    const b = await server.bucket('sse-dedup-b');
    const body = await markedBody('sse-dedup');
    const first = await newBlocks(() =>
      server.s3.send(
        new PutObjectCommand({ Bucket: a, Key: 'one', Body: body, ServerSideEncryption: 'AES256' }),
      ),
    );
    expect(first.size).toBeGreaterThanOrEqual(3);
    const second = await newBlocks(() =>
      server.s3.send(
        new PutObjectCommand({ Bucket: b, Key: 'two', Body: body, ServerSideEncryption: 'AES256' }),
      ),
    );
    expect(second.size).toBe(0);
    expect((await getObject(server.s3, b, 'two')).body.equals(body)).toBe(true);
  });

  it('fails a read whose block file was altered instead of returning other bytes', async () => {
    const bucket = await server.bucket('sse-tamper');
    const body = await seededBuffer('sse-tamper', 100_000);
    const blocks = await newBlocks(() =>
      server.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: body, ServerSideEncryption: 'AES256' }),
      ),
    );
    expect(blocks.size).toBe(1);
    const name = [...blocks][0]!;
    const file = path.join(server.config.dataDir, name.slice(0, 2), name.slice(2, 4), name);
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from([0x5a]), 0, 1, 100);
    await handle.close();
    // The tag check fails: the response is cut (or refused), never completed with other bytes.
    await expect(getObject(server.s3, bucket, 'k')).rejects.toThrow();
  });

  it('seals small objects kept in the version row too', async () => {
    const bucket = await server.bucket('sse-inline');
    const body = Buffer.concat([MARKER, Buffer.from(' small')]);
    await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'small', Body: body, ServerSideEncryption: 'AES256' }),
    );
    const row = await server.running.context.objects.current(bucket, 'small');
    expect(row?.inline).toBeInstanceOf(Buffer);
    expect(row!.inline!.includes(MARKER)).toBe(false);
    expect(row!.inline!.length).toBeGreaterThan(body.length + 16);
    const { res, body: read } = await getObject(server.s3, bucket, 'small');
    expect(read.equals(body)).toBe(true);
    expect(res.ServerSideEncryption).toBe('AES256');
  });
});

describe('SSE-KMS', () => {
  it('reports the key ARN and context, and never shares blocks between two keys or with SSE-S3', async () => {
    const bucket = await server.bucket('sse-kms');
    const body = await markedBody('sse-kms');
    const context = Buffer.from(JSON.stringify({ project: 'x' })).toString('base64');
    const alpha = await newBlocks(async () => {
      const res = await server.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'alpha',
          Body: body,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'alpha',
          SSEKMSEncryptionContext: context,
        }),
      );
      expect(res.ServerSideEncryption).toBe('aws:kms');
      expect(res.SSEKMSKeyId).toBe(ARN('alpha'));
      expect(res.SSEKMSEncryptionContext).toBe(context);
    });
    const beta = await newBlocks(() =>
      server.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'beta',
          Body: body,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: ARN('beta'),
        }),
      ),
    );
    const s3 = await newBlocks(() =>
      server.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 's3', Body: body, ServerSideEncryption: 'AES256' }),
      ),
    );
    expect(alpha.size).toBeGreaterThanOrEqual(3);
    expect(beta.size).toBe(alpha.size);
    expect(s3.size).toBe(alpha.size);
    expect([...beta].filter((n) => alpha.has(n))).toEqual([]);

    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'beta' }));
    expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', ARN('beta')]);
    const { res, body: read } = await getObject(server.s3, bucket, 'alpha');
    expect(read.equals(body)).toBe(true);
    expect([res.ServerSideEncryption, res.SSEKMSKeyId]).toEqual(['aws:kms', ARN('alpha')]);
  });

  it('uses the default key without a key id, and refuses an unknown key with KMS.NotFoundException', async () => {
    const bucket = await server.bucket('sse-kms-default');
    const res = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'd', Body: 'x', ServerSideEncryption: 'aws:kms' }),
    );
    expect(res.SSEKMSKeyId).toBe(ARN('alpha'));
    const err = await failure(
      server.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'u',
          Body: 'x',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'no-such-key',
        }),
      ),
    );
    expect([err.name, err.$metadata.httpStatusCode, err.message]).toEqual([
      'KMS.NotFoundException',
      400,
      'Invalid keyId no-such-key',
    ]);
    const noKms = await failure(
      server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'u', Body: 'x', SSEKMSKeyId: 'alpha' })),
    );
    expect([noKms.name, noKms.$metadata.httpStatusCode]).toEqual(['InvalidArgument', 400]);
  });
});

describe('bucket default encryption', () => {
  it('applies to writes without headers, is reported, and is deleted', async () => {
    const bucket = await server.bucket('sse-default');
    const none = await failure(server.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
    expect([none.name, none.$metadata.httpStatusCode]).toEqual([
      'ServerSideEncryptionConfigurationNotFoundError',
      404,
    ]);
    await server.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'beta' },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    const got = await server.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(got.ServerSideEncryptionConfiguration?.Rules).toEqual([
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ARN('beta') },
        BucketKeyEnabled: true,
      },
    ]);
    const body = await markedBody('sse-default');
    const put = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: body }));
    expect([put.ServerSideEncryption, put.SSEKMSKeyId, put.BucketKeyEnabled]).toEqual([
      'aws:kms',
      ARN('beta'),
      true,
    ]);
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', ARN('beta')]);
    // Headers win over the default.
    const s3 = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 's', Body: 'x', ServerSideEncryption: 'AES256' }),
    );
    expect([s3.ServerSideEncryption, s3.SSEKMSKeyId]).toEqual(['AES256', undefined]);

    const unknown = await failure(
      server.s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [
              { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'gamma' } },
            ],
          },
        }),
      ),
    );
    expect(unknown.name).toBe('KMS.NotFoundException');

    await server.s3.send(new DeleteBucketEncryptionCommand({ Bucket: bucket }));
    const gone = await failure(server.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
    expect(gone.name).toBe('ServerSideEncryptionConfigurationNotFoundError');
    const after = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'after', Body: 'x' }));
    expect(after.ServerSideEncryption).toBeUndefined();
  });
});

describe('CopyObject between encryption modes', () => {
  it('re-seals under the target key, copies by reference under the same key, and decrypts into the clear', async () => {
    const bucket = await server.bucket('sse-copy');
    const body = await markedBody('sse-copy');
    const source = `${bucket}/src`;
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: body }));

    const toS3 = await newBlocks(async () => {
      const res = await server.s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: 'to-s3',
          CopySource: source,
          ServerSideEncryption: 'AES256',
        }),
      );
      expect(res.ServerSideEncryption).toBe('AES256');
    });
    expect(toS3.size).toBeGreaterThanOrEqual(3);
    const sameKey = await newBlocks(() =>
      server.s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: 'to-s3-again',
          CopySource: `${bucket}/to-s3`,
          ServerSideEncryption: 'AES256',
        }),
      ),
    );
    expect(sameKey.size).toBe(0);
    const toKms = await newBlocks(() =>
      server.s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: 'to-kms',
          CopySource: `${bucket}/to-s3`,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'beta',
        }),
      ),
    );
    expect(toKms.size).toBe(toS3.size);
    const toPlain = await newBlocks(() =>
      server.s3.send(
        new CopyObjectCommand({ Bucket: bucket, Key: 'to-plain', CopySource: `${bucket}/to-kms` }),
      ),
    );
    // The clear blocks are the source's: nothing new on disk.
    expect(toPlain.size).toBe(0);

    for (const [key, algorithm, keyId] of [
      ['to-s3', 'AES256', undefined],
      ['to-s3-again', 'AES256', undefined],
      ['to-kms', 'aws:kms', ARN('beta')],
      ['to-plain', undefined, undefined],
    ] as const) {
      const { res, body: read } = await getObject(server.s3, bucket, key);
      expect([key, read.equals(body), res.ServerSideEncryption, res.SSEKMSKeyId]).toEqual([
        key,
        true,
        algorithm,
        keyId,
      ]);
    }
    // An object copied onto itself only to change its encryption is allowed, as on S3.
    const self = await server.s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'src',
        CopySource: source,
        ServerSideEncryption: 'AES256',
      }),
    );
    expect(self.ServerSideEncryption).toBe('AES256');
  });
});

describe('multipart uploads', () => {
  it('seal every part under the upload key, a part copied from a clear object included', async () => {
    const bucket = await server.bucket('sse-multipart');
    const first = await markedBody('sse-mp-1');
    const second = await markedBody('sse-mp-2');
    const plain = await newBlocks(() =>
      server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'clear', Body: second })),
    );
    const create = await server.s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: 'mp',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'beta',
      }),
    );
    expect([create.ServerSideEncryption, create.SSEKMSKeyId]).toEqual(['aws:kms', ARN('beta')]);
    const UploadId = create.UploadId!;
    const sealed = await newBlocks(async () => {
      const one = await server.s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: 'mp', UploadId, PartNumber: 1, Body: first }),
      );
      expect([one.ServerSideEncryption, one.SSEKMSKeyId]).toEqual(['aws:kms', ARN('beta')]);
      const two = await server.s3.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: 'mp',
          UploadId,
          PartNumber: 2,
          CopySource: `${bucket}/clear`,
        }),
      );
      const done = await server.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'mp',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: one.ETag },
              { PartNumber: 2, ETag: two.CopyPartResult?.ETag },
            ],
          },
        }),
      );
      expect([done.ServerSideEncryption, done.SSEKMSKeyId]).toEqual(['aws:kms', ARN('beta')]);
    });
    expect(sealed.size).toBeGreaterThanOrEqual(6);
    expect([...sealed].filter((n) => plain.has(n))).toEqual([]);
    // The marker is only in the clear object's blocks, never in the upload's.
    const found = (await filesContaining(server.config.dataDir, MARKER)).map((f) => path.basename(f));
    expect(found.filter((n) => sealed.has(n))).toEqual([]);

    const { res, body } = await getObject(server.s3, bucket, 'mp');
    expect(body.equals(Buffer.concat([first, second]))).toBe(true);
    expect([res.ServerSideEncryption, res.SSEKMSKeyId]).toEqual(['aws:kms', ARN('beta')]);
  });
});

describe('PostObject', () => {
  it('seals a form upload that asks for SSE-KMS in its fields, and answers the headers', async () => {
    const bucket = await server.bucket('sse-post');
    const data = await markedBody('sse-post');
    const fields = signedPostFields({
      bucket,
      key: 'form',
      fields: {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': 'beta',
      },
      conditions: [
        ['eq', '$x-amz-server-side-encryption', 'aws:kms'],
        ['eq', '$x-amz-server-side-encryption-aws-kms-key-id', 'beta'],
      ],
    });
    const sealed = await newBlocks(async () => {
      const res = await fetch(`${server.endpoint}/${bucket}`, {
        method: 'POST',
        body: browserForm(fields, { name: 'f.bin', data }),
      });
      expect([res.status, res.headers.get('x-amz-server-side-encryption')]).toEqual([204, 'aws:kms']);
      expect(res.headers.get('x-amz-server-side-encryption-aws-kms-key-id')).toBe(ARN('beta'));
    });
    expect(sealed.size).toBeGreaterThanOrEqual(3);
    const found = (await filesContaining(server.config.dataDir, MARKER)).map((f) => path.basename(f));
    expect(found.filter((n) => sealed.has(n))).toEqual([]);
    const { res, body } = await getObject(server.s3, bucket, 'form');
    expect([body.equals(data), res.SSEKMSKeyId]).toEqual([true, ARN('beta')]);
  });
});

describe('refused encryption headers', () => {
  it('refuses SSE-C with NotImplemented and SSE headers on a GET with InvalidArgument', async () => {
    const bucket = await server.bucket('sse-refused');
    const key = Buffer.alloc(32, 9);
    const ssec = await failure(
      server.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'c',
          Body: 'x',
          SSECustomerAlgorithm: 'AES256',
          SSECustomerKey: key.toString('base64'),
          SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
        }),
      ),
    );
    expect([ssec.name, ssec.$metadata.httpStatusCode]).toEqual(['NotImplemented', 501]);
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
    const get = await sendRaw(
      server.port,
      await signRequest(server.port, {
        method: 'GET',
        path: `/${bucket}/k`,
        headers: { 'x-amz-server-side-encryption': 'AES256' },
      }),
    );
    expect([get.status, get.code]).toEqual([400, 'InvalidArgument']);
  });
});
