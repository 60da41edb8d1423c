import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  type ObjectAttributes,
  PutObjectAclCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { newAccount, type TestAccount } from './support/accounts.js';
import { arn, putPolicy } from './support/bucket-policies.js';
import { runPython } from './support/python.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer({ OKS3_MULTIPART_MIN_PART_SIZE: '1024' });
const ALL: ObjectAttributes[] = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'];
let dave: TestAccount;
beforeAll(async () => {
  dave = await newAccount(server, 'attributes');
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('base64');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

async function multipart(bucket: string, key: string, parts: Buffer[], algorithm?: 'SHA256') {
  const { s3 } = server;
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: algorithm }),
  );
  const done = [];
  for (const [i, Body] of parts.entries()) {
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: i + 1,
        Body,
        ChecksumAlgorithm: algorithm,
      }),
    );
    done.push({ PartNumber: i + 1, ETag: part.ETag, ChecksumSHA256: part.ChecksumSHA256 });
  }
  return s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: done },
    }),
  );
}

async function attributesRaw(bucket: string, key: string, headers: Record<string, string>, as?: TestAccount) {
  const keys = as ? { accessKeyId: as.key.accessKeyId, secretAccessKey: as.key.secretAccessKey } : {};
  const req = { method: 'GET', path: `/${bucket}/${key}`, query: { attributes: '' }, headers };
  return sendRaw(server.port, await signRequest(server.port, req, keys));
}

describe('GetObjectAttributes', () => {
  it('answers a single PUT’s ETag (unquoted), checksum, storage class and size, without ObjectParts', async () => {
    const bucket = await server.bucket('attrs');
    const body = Buffer.from('attributes of one PUT');
    const put = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'one', Body: body, ChecksumAlgorithm: 'SHA256' }),
    );
    const got = await server.s3.send(
      new GetObjectAttributesCommand({ Bucket: bucket, Key: 'one', ObjectAttributes: ALL }),
    );
    expect(got.ETag).toBe(md5(body));
    expect(`"${got.ETag}"`).toBe(put.ETag);
    expect(got.Checksum).toEqual({ ChecksumSHA256: sha256(body), ChecksumType: 'FULL_OBJECT' });
    expect(got.StorageClass).toBe('STANDARD');
    expect(got.ObjectSize).toBe(body.length);
    expect(got.ObjectParts).toBeUndefined();
    expect(got.VersionId).toBeUndefined();
    expect(got.LastModified).toBeInstanceOf(Date);
    expect(Math.abs((got.LastModified?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    const some = await server.s3.send(
      new GetObjectAttributesCommand({ Bucket: bucket, Key: 'one', ObjectAttributes: ['ObjectSize'] }),
    );
    expect([some.ETag, some.Checksum, some.StorageClass, some.ObjectSize]).toEqual([
      undefined,
      undefined,
      undefined,
      body.length,
    ]);
    const raw = await attributesRaw(bucket, 'one', { 'x-amz-object-attributes': 'ETag,ObjectSize' });
    expect(raw.text).toMatch(
      new RegExp(
        `<GetObjectAttributesResponse[^>]*><ETag>${md5(body)}</ETag><ObjectSize>${body.length}</ObjectSize></GetObjectAttributesResponse>`,
      ),
    );
  });

  it('lists the parts of a multipart upload with checksums, paged by max-parts and part-number-marker', async () => {
    const bucket = await server.bucket('attrs-mp');
    const parts = [Buffer.alloc(2048, 'a'), Buffer.alloc(3000, 'b'), Buffer.from('tail')] as const;
    const [p1, p2, p3] = parts;
    const done = await multipart(bucket, 'mp', [...parts], 'SHA256');
    const composite = createHash('sha256')
      .update(Buffer.concat(parts.map((p) => createHash('sha256').update(p).digest())))
      .digest('base64');
    expect(done.ChecksumSHA256).toBe(`${composite}-3`);

    const got = await server.s3.send(
      new GetObjectAttributesCommand({ Bucket: bucket, Key: 'mp', ObjectAttributes: ALL, MaxParts: 2 }),
    );
    expect(got.ETag).toBe(done.ETag?.replaceAll('"', ''));
    expect(got.Checksum).toEqual({ ChecksumSHA256: composite, ChecksumType: 'COMPOSITE' });
    expect(got.ObjectSize).toBe(2048 + 3000 + 4);
    expect(got.ObjectParts).toEqual({
      TotalPartsCount: 3,
      PartNumberMarker: '0',
      NextPartNumberMarker: '2',
      MaxParts: 2,
      IsTruncated: true,
      Parts: [
        { PartNumber: 1, Size: 2048, ChecksumSHA256: sha256(p1) },
        { PartNumber: 2, Size: 3000, ChecksumSHA256: sha256(p2) },
      ],
    });
    const rest = await server.s3.send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: 'mp',
        ObjectAttributes: ['ObjectParts'],
        PartNumberMarker: '2',
      }),
    );
    expect(rest.ObjectParts?.IsTruncated).toBe(false);
    expect(rest.ObjectParts?.Parts).toEqual([{ PartNumber: 3, Size: 4, ChecksumSHA256: sha256(p3) }]);
  });

  it('gives only PartsCount for a multipart object without checksums', async () => {
    const bucket = await server.bucket('attrs-plain');
    await multipart(bucket, 'plain', [Buffer.alloc(2048, 'x'), Buffer.from('y')]);
    const got = await server.s3.send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: 'plain',
        ObjectAttributes: ['ObjectParts', 'Checksum'],
      }),
    );
    expect(got.ObjectParts).toEqual({ TotalPartsCount: 2 });
    expect(got.Checksum).toBeUndefined();
  });

  it('reads the version named by versionId and answers delete markers as GetObject does', async () => {
    const bucket = await server.bucket('attrs-v', { versioning: 'Enabled' });
    const v1 = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'first' }));
    const v2 = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'second!' }));
    const old = await server.s3.send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: 'k',
        VersionId: v1.VersionId,
        ObjectAttributes: ALL,
      }),
    );
    expect([old.VersionId, old.ObjectSize]).toEqual([v1.VersionId, 5]);
    const current = await server.s3.send(
      new GetObjectAttributesCommand({ Bucket: bucket, Key: 'k', ObjectAttributes: ['ObjectSize'] }),
    );
    expect([current.VersionId, current.ObjectSize]).toEqual([v2.VersionId, 7]);

    const marker = await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    const gone = await attributesRaw(bucket, 'k', { 'x-amz-object-attributes': 'ETag' });
    expect([gone.status, gone.code, gone.headers['x-amz-delete-marker']]).toEqual([404, 'NoSuchKey', 'true']);
    const byId = await failure(
      server.s3.send(
        new GetObjectAttributesCommand({
          Bucket: bucket,
          Key: 'k',
          VersionId: marker.VersionId,
          ObjectAttributes: ['ETag'],
        }),
      ),
    );
    expect([byId.name, byId.$metadata.httpStatusCode]).toEqual(['MethodNotAllowed', 405]);
    const missing = await failure(
      server.s3.send(
        new GetObjectAttributesCommand({
          Bucket: bucket,
          Key: 'k',
          VersionId: '00000000-0000-1000-8000-000000000000',
          ObjectAttributes: ['ETag'],
        }),
      ),
    );
    expect(missing.name).toBe('NoSuchVersion');
  });

  it('refuses a missing, empty or unknown x-amz-object-attributes and a bad x-amz-max-parts', async () => {
    const bucket = await server.bucket('attrs-bad');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
    const cases: Record<string, string>[] = [
      {},
      { 'x-amz-object-attributes': '' },
      { 'x-amz-object-attributes': 'ETag,Colour' },
    ];
    for (const headers of cases) {
      const res = await attributesRaw(bucket, 'k', headers);
      expect([res.status, res.code], JSON.stringify(headers)).toEqual([400, 'InvalidArgument']);
    }
    const badMax = await attributesRaw(bucket, 'k', {
      'x-amz-object-attributes': 'ETag',
      'x-amz-max-parts': 'many',
    });
    expect([badMax.status, badMax.code]).toEqual([400, 'InvalidArgument']);
  });

  it('needs read access to the object: its ACL’s READ, or the policy; a Deny of s3:GetObject refuses', async () => {
    const bucket = await server.bucket('attrs-acl', { legacy: true });
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'secret' }));
    const ask = () =>
      dave.s3.send(
        new GetObjectAttributesCommand({ Bucket: bucket, Key: 'k', ObjectAttributes: ['ObjectSize'] }),
      );
    expect((await failure(ask())).name).toBe('AccessDenied');
    await server.s3.send(
      new PutObjectAclCommand({ Bucket: bucket, Key: 'k', GrantRead: `id="${dave.account.accountId}"` }),
    );
    expect((await ask()).ObjectSize).toBe(6);
    await putPolicy(server.s3, bucket, {
      Effect: 'Deny',
      Principal: { AWS: dave.account.accountId },
      Action: 's3:GetObject',
      Resource: arn(bucket, '*'),
    });
    expect((await failure(ask())).name).toBe('AccessDenied');
    await putPolicy(server.s3, bucket, {
      Effect: 'Deny',
      Principal: { AWS: dave.account.accountId },
      Action: 's3:GetObjectAttributes',
      Resource: arn(bucket, '*'),
    });
    expect((await failure(ask())).name).toBe('AccessDenied');
  });

  it('needs both s3:GetObjectAttributes and s3:GetObject from a policy that grants them', async () => {
    const bucket = await server.bucket('attrs-policy');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'policy' }));
    const ask = () =>
      dave.s3.send(
        new GetObjectAttributesCommand({ Bucket: bucket, Key: 'k', ObjectAttributes: ['ObjectSize'] }),
      );
    const allow = (Action: string[]) =>
      putPolicy(server.s3, bucket, {
        Effect: 'Allow',
        Principal: { AWS: dave.account.accountId },
        Action,
        Resource: arn(bucket, '*'),
      });
    await allow(['s3:GetObjectAttributes']);
    expect((await failure(ask())).name).toBe('AccessDenied');
    await allow(['s3:GetObject']);
    expect((await failure(ask())).name).toBe('AccessDenied');
    await allow(['s3:GetObject', 's3:GetObjectAttributes']);
    expect((await ask()).ObjectSize).toBe(6);
  });

  it('answers boto3’s get_object_attributes', async () => {
    const bucket = await server.bucket('attrs-boto');
    await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'b', Body: 'boto bytes', ChecksumAlgorithm: 'SHA256' }),
    );
    const script = `
import os, sys, boto3
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=os.environ["OKS3_ENDPOINT"], aws_access_key_id=os.environ["OKS3_ACCESS_KEY"],
    aws_secret_access_key=os.environ["OKS3_SECRET_KEY"], region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
r = s3.get_object_attributes(Bucket=sys.argv[1], Key="b", ObjectAttributes=["ETag", "Checksum", "ObjectSize", "StorageClass"])
print(r["ETag"], r["Checksum"]["ChecksumSHA256"], r["Checksum"]["ChecksumType"], r["ObjectSize"], r["StorageClass"])
`;
    const { stdout } = await runPython(['-c', script, bucket], server.endpoint);
    const body = Buffer.from('boto bytes');
    expect(stdout.trim()).toBe(`${md5(body)} ${sha256(body)} FULL_OBJECT ${body.length} STANDARD`);
  });
});
