import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeletePublicAccessBlockCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_USERS, AUTHENTICATED_USERS } from '../src/accounts/grants.js';
import { newAccount, type TestAccount } from './support/accounts.js';
import { allowPublicAcls, BLOCK_ALL, putAccessBlock } from './support/bucket-controls.js';
import { arn, messageOf, policyOf, putPolicy, signedBucketRequest } from './support/bucket-policies.js';
import { bucketExists, objectExists } from './support/object-reads.js';
import { browserForm, signedPostFields } from './support/post-policy.js';
import { runPython } from './support/python.js';
import { sendRaw } from './support/raw-http.js';
import { codeOf, failure } from './support/s3-failure.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let bob: TestAccount;
beforeAll(async () => {
  bob = await newAccount(server, 'pab-b');
});

/** A bucket with ACLs enabled and no block, then the flags given. */
async function bucketWith(flags?: Parameters<typeof putAccessBlock>[2]): Promise<string> {
  const bucket = await server.bucket('pab');
  await allowPublicAcls(server.s3, bucket);
  if (flags) await putAccessBlock(server.s3, bucket, flags);
  return bucket;
}

const anonymousGet = (bucket: string, key: string) =>
  sendRaw(server.port, { method: 'GET', path: `/${bucket}/${key}` });
const anonymousList = (bucket: string) => sendRaw(server.port, { method: 'GET', path: `/${bucket}` });
const put = (bucket: string, key: string, extra: Record<string, unknown> = {}) =>
  server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'bytes', ...extra }));
const publicRead = (bucket: string) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: arn(bucket, '*'),
});

describe('PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock', () => {
  it('round-trip the four flags (a flag left out is false), and 404 once deleted', async () => {
    const bucket = await bucketWith();
    const missing = await signedBucketRequest(server.port, 'GET', bucket, 'publicAccessBlock');
    expect([missing.status, missing.code, messageOf(missing)]).toEqual([
      404,
      'NoSuchPublicAccessBlockConfiguration',
      'The public access block configuration was not found',
    ]);
    const body =
      '<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<BlockPublicAcls>true</BlockPublicAcls><RestrictPublicBuckets>TRUE</RestrictPublicBuckets>' +
      '</PublicAccessBlockConfiguration>';
    const put = await signedBucketRequest(server.port, 'PUT', bucket, 'publicAccessBlock', { body });
    expect([put.status, put.text]).toEqual([200, '']);
    const got = await server.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(got.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: true,
    });
    const raw = await signedBucketRequest(server.port, 'GET', bucket, 'publicAccessBlock');
    expect(raw.text).toContain(
      '<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>',
    );
    const deleted = await signedBucketRequest(server.port, 'DELETE', bucket, 'publicAccessBlock');
    expect(deleted.status).toBe(204);
    expect(await codeOf(server.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))).toBe(
      'NoSuchPublicAccessBlockConfiguration',
    );
    expect((await signedBucketRequest(server.port, 'DELETE', bucket, 'publicAccessBlock')).status).toBe(204);
  });

  it('refuse a body that is not the configuration with 400 MalformedXML, keeping the old one', async () => {
    const bucket = await bucketWith({ BlockPublicAcls: true });
    for (const body of [
      '<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>',
      '<PublicAccessBlockConfiguration><BlockAll>true</BlockAll></PublicAccessBlockConfiguration>',
      '<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>',
      '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>',
    ]) {
      const res = await signedBucketRequest(server.port, 'PUT', bucket, 'publicAccessBlock', { body });
      expect([res.status, res.code]).toEqual([400, 'MalformedXML']);
    }
    const got = await server.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(got.PublicAccessBlockConfiguration?.BlockPublicAcls).toBe(true);
  });

  it('belong to the bucket owner: another account is 403 even when the policy allows it', async () => {
    const bucket = await bucketWith({ BlockPublicAcls: true });
    await putPolicy(server.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
      Resource: arn(bucket),
    });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const body = method === 'PUT' ? '<PublicAccessBlockConfiguration/>' : undefined;
      const res = await signedBucketRequest(server.port, method, bucket, 'publicAccessBlock', {
        body,
        as: bob,
      });
      expect([method, res.status, res.code]).toEqual([method, 403, 'AccessDenied']);
    }
    const anonymous = await sendRaw(server.port, {
      method: 'DELETE',
      path: `/${bucket}`,
      query: { publicAccessBlock: '' },
    });
    expect([anonymous.status, anonymous.code]).toEqual([403, 'AccessDenied']);
    const got = await server.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(got.PublicAccessBlockConfiguration?.BlockPublicAcls).toBe(true);
  });
});

describe('BlockPublicAcls', () => {
  it('refuses every write that asks for a public ACL with 403 AccessDenied, and stores nothing', async () => {
    const bucket = await bucketWith({ BlockPublicAcls: true });
    await put(bucket, 'src');
    const refusals: [string, () => Promise<unknown>][] = [
      ['canned', () => put(bucket, 'k1', { ACL: 'public-read' })],
      ['authenticated', () => put(bucket, 'k2', { ACL: 'authenticated-read' })],
      ['grant AllUsers', () => put(bucket, 'k3', { GrantRead: `uri="${ALL_USERS}"` })],
      [
        'grant AuthenticatedUsers',
        () => put(bucket, 'k4', { GrantFullControl: `uri="${AUTHENTICATED_USERS}"` }),
      ],
      [
        'copy',
        () =>
          server.s3.send(
            new CopyObjectCommand({
              Bucket: bucket,
              Key: 'k5',
              CopySource: `${bucket}/src`,
              ACL: 'public-read',
            }),
          ),
      ],
      [
        'multipart',
        () =>
          server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'k6', ACL: 'public-read' })),
      ],
      [
        'object acl',
        () => server.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'src', ACL: 'public-read' })),
      ],
      [
        'bucket acl',
        () => server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read-write' })),
      ],
    ];
    for (const [what, call] of refusals) {
      const err = await failure(call());
      expect([what, err.name, err.$metadata.httpStatusCode]).toEqual([what, 'AccessDenied', 403]);
    }
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5'])
      expect(await objectExists(server.s3, bucket, key)).toBe(false);
    expect((await anonymousGet(bucket, 'src')).status).toBe(403);
    expect((await anonymousList(bucket)).status).toBe(403);
  });

  it('refuses a form upload whose acl field is public', async () => {
    const bucket = await bucketWith({ BlockPublicAcls: true });
    const fields = signedPostFields({
      bucket,
      key: 'form.txt',
      fields: { acl: 'public-read' },
      conditions: [{ acl: 'public-read' }],
    });
    const res = await fetch(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      body: browserForm(fields, { name: 'form.txt', data: 'form' }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    expect(await objectExists(server.s3, bucket, 'form.txt')).toBe(false);
  });

  it('lets private ACLs and grants to accounts through, and leaves existing public ACLs working', async () => {
    const bucket = await bucketWith();
    await put(bucket, 'old', { ACL: 'public-read' });
    await putAccessBlock(server.s3, bucket, { BlockPublicAcls: true });
    expect((await anonymousGet(bucket, 'old')).text).toBe('bytes');
    await put(bucket, 'private', { ACL: 'private' });
    await put(bucket, 'bobs', { GrantRead: `id="${bob.account.accountId}"` });
    const read = await bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bobs' }));
    expect(await read.Body!.transformToString()).toBe('bytes');
  });
});

describe('IgnorePublicAcls', () => {
  it('makes public grants of bucket and object ACLs count for nothing, until the block is deleted', async () => {
    const bucket = await bucketWith();
    await server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' }));
    await put(bucket, 'pub', { ACL: 'public-read' });
    await put(bucket, 'auth', { ACL: 'authenticated-read' });
    await put(bucket, 'bobs', { GrantRead: `id="${bob.account.accountId}"` });
    expect((await anonymousGet(bucket, 'pub')).status).toBe(200);
    expect((await anonymousList(bucket)).status).toBe(200);

    await putAccessBlock(server.s3, bucket, { IgnorePublicAcls: true });
    const denied = await anonymousGet(bucket, 'pub');
    expect([denied.status, denied.code]).toEqual([403, 'AccessDenied']);
    expect((await anonymousList(bucket)).status).toBe(403);
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'auth' })))).toBe(
      'AccessDenied',
    );
    expect(await codeOf(bob.s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('AccessDenied');
    // A grant to an account is not public: it still counts. New public ACLs may still be set.
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bobs' })))).toBe('no error');
    await put(bucket, 'pub2', { ACL: 'public-read' });
    expect((await anonymousGet(bucket, 'pub2')).status).toBe(403);

    await server.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    expect((await anonymousGet(bucket, 'pub2')).text).toBe('bytes');
    expect((await anonymousList(bucket)).status).toBe(200);
  });

  it('ignores a public-read-write bucket ACL for anonymous form uploads', async () => {
    const bucket = await bucketWith();
    await server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read-write' }));
    await putAccessBlock(server.s3, bucket, { IgnorePublicAcls: true });
    const form = new FormData();
    form.append('key', 'anon.txt');
    form.append('file', new Blob(['anon']), 'anon.txt');
    const res = await fetch(`${server.endpoint}/${bucket}`, { method: 'POST', body: form });
    expect(res.status).toBe(403);
    expect(await objectExists(server.s3, bucket, 'anon.txt')).toBe(false);
  });
});

describe('BlockPublicPolicy', () => {
  it('refuses a public policy with 403 AccessDenied, accepts one that is not public, and keeps the old one', async () => {
    const bucket = await bucketWith();
    await put(bucket, 'k');
    await putPolicy(server.s3, bucket, publicRead(bucket));
    await putAccessBlock(server.s3, bucket, { BlockPublicPolicy: true });
    expect((await anonymousGet(bucket, 'k')).text).toBe('bytes');

    const second = policyOf({ ...publicRead(bucket), Sid: 'Again' });
    const err = await failure(server.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: second })));
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    // Pinned to a network, the same statement is not public (S3's definition): accepted.
    const pinned = { ...publicRead(bucket), Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } };
    await putPolicy(server.s3, bucket, pinned);
    expect((await anonymousGet(bucket, 'k')).status).toBe(403);
    await putPolicy(server.s3, bucket, {
      ...publicRead(bucket),
      Principal: { AWS: bob.account.accountId },
    });
  });
});

describe('RestrictPublicBuckets', () => {
  it("keeps a public policy's grants to the bucket owner: anonymous callers and other accounts are denied", async () => {
    const bucket = await bucketWith();
    await put(bucket, 'k');
    await put(bucket, 'acl-read', { GrantRead: `id="${bob.account.accountId}"` });
    await putPolicy(server.s3, bucket, publicRead(bucket), {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: 's3:ListBucket',
      Resource: arn(bucket),
    });
    expect((await anonymousGet(bucket, 'k')).status).toBe(200);
    expect(await codeOf(bob.s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('no error');

    await putAccessBlock(server.s3, bucket, { RestrictPublicBuckets: true });
    expect((await anonymousGet(bucket, 'k')).status).toBe(403);
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).toBe(
      'AccessDenied',
    );
    expect(await codeOf(bob.s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('AccessDenied');
    // The owner is untouched; an ACL grant to an account is not a policy grant.
    expect(await codeOf(server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).toBe('no error');
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'acl-read' })))).toBe(
      'no error',
    );

    // Once the policy is no longer public, its grant to bob works again.
    await putPolicy(server.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: ['s3:ListBucket', 's3:GetObject'],
      Resource: [arn(bucket), arn(bucket, '*')],
    });
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).toBe('no error');
    expect((await anonymousGet(bucket, 'k')).status).toBe(403);
  });

  it("still applies the policy's Deny to the owner", async () => {
    const bucket = await bucketWith();
    await put(bucket, 'k');
    await putPolicy(server.s3, bucket, publicRead(bucket), {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: arn(bucket, 'k'),
    });
    await putAccessBlock(server.s3, bucket, { RestrictPublicBuckets: true });
    expect(await codeOf(server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).toBe(
      'AccessDenied',
    );
  });
});

describe('all four flags', () => {
  it('close a bucket published through object ACLs (a multipart one too) and a public policy', async () => {
    const bucket = await bucketWith();
    await put(bucket, 'acl', { ACL: 'public-read' });
    await put(bucket, 'pol');
    await putPolicy(server.s3, bucket, publicRead(bucket));
    const upload = await server.s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp', ACL: 'public-read' }),
    );
    const part = await server.s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'mp',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: 'mp',
      }),
    );
    await server.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'mp',
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    await putAccessBlock(server.s3, bucket, BLOCK_ALL);
    for (const key of ['acl', 'pol', 'mp'])
      expect([key, (await anonymousGet(bucket, key)).status]).toEqual([key, 403]);
  });
});

describe('Block Public Access through boto3', () => {
  it('closes a published object, refuses public ACLs and policies, and opens again once deleted', async () => {
    const script = path.resolve('test/support/bucket_controls_boto3.py');
    const { stdout } = await runPython([script, 'pab', uniqueBucket('pab-boto')], server.endpoint);
    expect(stdout.trim().split('\n')).toEqual([
      'open: 200 hello',
      'config: True',
      'blocked: 403',
      'public acl: 403 AccessDenied Access Denied',
      'public policy: 403 AccessDenied Access Denied',
      'deleted: 404 NoSuchPublicAccessBlockConfiguration The public access block configuration was not found',
      'reopened: 200 hello',
    ]);
  });
});

describe("a new bucket gets AWS's defaults", () => {
  it('blocks all public access and disables ACLs, unless the request says otherwise', async () => {
    const bucket = uniqueBucket('pab-new');
    await server.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const block = await server.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration).toEqual(BLOCK_ALL);
    const ownership = await server.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(ownership.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(await codeOf(put(bucket, 'k', { ACL: 'public-read' }))).toBe('AccessControlListNotSupported');
    const policy = policyOf(publicRead(bucket));
    expect(await codeOf(server.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })))).toBe(
      'AccessDenied',
    );
    await put(bucket, 'k');
    expect((await anonymousGet(bucket, 'k')).status).toBe(403);

    // Publishing the S3 way: delete the block, then a public-read policy.
    await server.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await server.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    expect((await anonymousGet(bucket, 'k')).text).toBe('bytes');
    // Re-creating one's own bucket (us-east-1 answers 200) changes none of its settings.
    await server.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    expect(await codeOf(server.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))).toBe(
      'NoSuchPublicAccessBlockConfiguration',
    );
  });

  it('refuses an ACL at creation: 400 InvalidBucketAclWithObjectOwnership, or with ACLs enabled a public one 400 InvalidBucketAclWithBlockPublicAccessError', async () => {
    const bucket = uniqueBucket('pab-new');
    const enforced = await failure(
      server.s3.send(new CreateBucketCommand({ Bucket: bucket, ACL: 'public-read' })),
    );
    expect([enforced.name, enforced.$metadata.httpStatusCode, enforced.message]).toEqual([
      'InvalidBucketAclWithObjectOwnership',
      400,
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    ]);
    for (const acl of ['public-read', 'public-read-write', 'authenticated-read'] as const) {
      const err = await failure(
        server.s3.send(
          new CreateBucketCommand({ Bucket: bucket, ACL: acl, ObjectOwnership: 'ObjectWriter' }),
        ),
      );
      expect([acl, err.name, err.$metadata.httpStatusCode, err.message]).toEqual([
        acl,
        'InvalidBucketAclWithBlockPublicAccessError',
        400,
        'Bucket cannot have public ACLs set with BlockPublicAccess enabled',
      ]);
    }
    expect(await bucketExists(server.s3, bucket)).toBe(false);
    await server.s3.send(
      new CreateBucketCommand({ Bucket: bucket, ACL: 'private', ObjectOwnership: 'ObjectWriter' }),
    );
    const ownership = await server.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(ownership.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'ObjectWriter' }]);
    const block = await server.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration).toEqual(BLOCK_ALL);
    // ACLs work, public ones stay blocked until the block is removed.
    expect(await codeOf(put(bucket, 'k', { ACL: 'public-read' }))).toBe('AccessDenied');
    await put(bucket, 'k', { GrantRead: `id="${bob.account.accountId}"` });
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).toBe('no error');
  });
});
