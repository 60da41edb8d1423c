import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ALL_USERS } from '../src/accounts/grants.js';
import { objectExists } from './support/object-reads.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'answers');

async function signedPut(key: string, headers: Record<string, string>, body = 'data') {
  const signed = await signRequest(server.port, {
    method: 'PUT',
    path: `/${bucket}/${key}`,
    headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
    body,
  });
  return sendRaw(server.port, signed);
}

describe('headers of features OK-S3 does not have are refused, never ignored', () => {
  const refused: [string, Record<string, string>][] = [
    ['dual-layer SSE-KMS', { 'x-amz-server-side-encryption': 'aws:kms:dsse' }],
    [
      'SSE-C',
      {
        'x-amz-server-side-encryption-customer-algorithm': 'AES256',
        'x-amz-server-side-encryption-customer-key': Buffer.alloc(32, 1).toString('base64'),
        'x-amz-server-side-encryption-customer-key-md5': 'x',
      },
    ],
    ['storage class', { 'x-amz-storage-class': 'GLACIER' }],
    ['website redirect', { 'x-amz-website-redirect-location': '/elsewhere' }],
    ['SHA512 checksum', { 'x-amz-checksum-sha512': Buffer.alloc(64).toString('base64') }],
  ];
  for (const [feature, headers] of refused) {
    it(`PutObject with ${feature} headers is 501 NotImplemented and stores nothing`, async () => {
      const key = `refused-${feature.replace(/\W/g, '-')}`;
      const res = await signedPut(key, headers);
      expect([res.status, res.code]).toEqual([501, 'NotImplemented']);
      expect(await objectExists(server.s3, bucket, key)).toBe(false);
    });
  }

  // Object Lock is built (test/object-lock.test.ts); a bucket created without it refuses its headers.
  for (const [feature, headers] of [
    [
      'retention',
      {
        'x-amz-object-lock-mode': 'COMPLIANCE',
        'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z',
      },
    ],
    ['legal hold', { 'x-amz-object-lock-legal-hold': 'ON' }],
  ] as const) {
    it(`PutObject with ${feature} headers in a bucket without Object Lock is 400 InvalidRequest`, async () => {
      const key = `unlocked-${feature.replace(/\W/g, '-')}`;
      const res = await signedPut(key, { ...headers });
      expect([res.status, res.code]).toEqual([400, 'InvalidRequest']);
      expect(await objectExists(server.s3, bucket, key)).toBe(false);
    });
  }

  it('an unknown storage class is InvalidStorageClass; STANDARD is accepted', async () => {
    const bad = await signedPut('bad-class', { 'x-amz-storage-class': 'SUPER_FAST' });
    expect([bad.status, bad.code]).toEqual([400, 'InvalidStorageClass']);
    const ok = await signedPut('standard', { 'x-amz-storage-class': 'STANDARD' });
    expect(ok.status).toBe(200);
  });

  it('through the SDK: DSSE-KMS and SSE-C on GET', async () => {
    const { s3 } = server;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain', Body: 'x' }));
    const sse = await failure(
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'sse', Body: 'x', ServerSideEncryption: 'aws:kms:dsse' }),
      ),
    );
    expect(sse.name).toBe('NotImplemented');
    const ssec = await failure(
      s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'plain',
          SSECustomerAlgorithm: 'AES256',
          SSECustomerKey: Buffer.alloc(32, 7).toString('base64'),
        }),
      ),
    );
    expect(ssec.name).toBe('NotImplemented');
  });

  it('x-amz-tagging is built now: PutObject and CreateMultipartUpload with tags succeed', async () => {
    const put = await signedPut('tagged-put', { 'x-amz-tagging': 'a=b' });
    expect(put.status).toBe(200);
    const upload = await server.s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'tagged', Tagging: 'k=v' }),
    );
    expect(upload.UploadId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('CreateBucket of a bucket you own (us-east-1)', () => {
  it('answers 200 and keeps the bucket ACL', async () => {
    const { s3 } = server;
    const name = await server.bucket('again', { legacy: true });
    await s3.send(new PutBucketAclCommand({ Bucket: name, ACL: 'public-read' }));
    const again = await s3.send(new CreateBucketCommand({ Bucket: name }));
    expect(again.$metadata.httpStatusCode).toBe(200);
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: name }));
    expect(acl.Grants?.some((g) => g.Grantee?.URI === ALL_USERS && g.Permission === 'READ')).toBe(true);
  });
});

describe('304 Not Modified', () => {
  it('keeps ETag, Last-Modified, Cache-Control, Expires and x-amz-version-id', async () => {
    const { s3 } = server;
    const name = await server.bucket('cond', { versioning: 'Enabled' });
    const expires = new Date('2030-01-01T00:00:00Z');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: name,
        Key: 'k',
        Body: 'x',
        CacheControl: 'max-age=60',
        Expires: expires,
      }),
    );
    const conditions: Record<string, string>[] = [
      { 'if-none-match': put.ETag! },
      { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() },
    ];
    for (const header of conditions) {
      const signed = await signRequest(server.port, { method: 'GET', path: `/${name}/k`, headers: header });
      const res = await sendRaw(server.port, signed);
      expect(res.status).toBe(304);
      expect(res.headers.etag).toBe(put.ETag);
      expect(res.headers['last-modified']).toMatch(/GMT$/);
      expect(res.headers['cache-control']).toBe('max-age=60');
      expect(res.headers.expires).toBe(expires.toUTCString());
      expect(res.headers['x-amz-version-id']).toBe(put.VersionId);
      expect(res.headers['content-type']).toBeUndefined();
      expect(res.body.length).toBe(0);
    }
  });
});

describe('x-amz-version-id on writes', () => {
  it('is absent for the null versions a Suspended bucket writes, present while Enabled', async () => {
    const { s3 } = server;
    const name = await server.bucket('suspended', { versioning: 'Enabled' });
    const enabled = await signedPutTo(name, 'k');
    expect(enabled.headers['x-amz-version-id']).toMatch(/^[0-9a-f-]{36}$/);
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    const suspended = await signedPutTo(name, 'k');
    expect(suspended.status).toBe(200);
    expect(suspended.headers['x-amz-version-id']).toBeUndefined();
    // Reading the null version names it.
    const head = await s3.send(new HeadObjectCommand({ Bucket: name, Key: 'k' }));
    expect(head.VersionId).toBe('null');
  });
});

async function signedPutTo(name: string, key: string) {
  const signed = await signRequest(server.port, {
    method: 'PUT',
    path: `/${name}/${key}`,
    headers: { 'content-length': '1' },
    body: 'v',
  });
  return sendRaw(server.port, signed);
}

describe('ListObjects (v1) without encoding-type', () => {
  it('echoes Prefix, Marker, Delimiter and keys as they are', async () => {
    const { s3 } = server;
    const name = await server.bucket('v1');
    await s3.send(new PutObjectCommand({ Bucket: name, Key: 'a b/c+d é.txt', Body: 'x' }));
    const signed = await signRequest(server.port, {
      method: 'GET',
      path: `/${name}`,
      query: { prefix: 'a b/', marker: 'a b/+', delimiter: '/' },
    });
    const res = await sendRaw(server.port, signed);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Prefix>a b/</Prefix>');
    expect(res.text).toContain('<Marker>a b/+</Marker>');
    expect(res.text).toContain('<Key>a b/c+d é.txt</Key>');
    expect(res.text).not.toContain('EncodingType');
    const sdk = await s3.send(new ListObjectsCommand({ Bucket: name, Prefix: 'a b/' }));
    expect(sdk.Prefix).toBe('a b/');
    expect(sdk.Contents?.map((o) => o.Key)).toEqual(['a b/c+d é.txt']);
  });
});
