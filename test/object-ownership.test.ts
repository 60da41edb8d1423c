import path from 'node:path';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketOwnershipControlsCommand,
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_USERS } from '../src/accounts/grants.js';
import { newAccount, type TestAccount } from './support/accounts.js';
import { allowPublicAcls, putOwnership } from './support/bucket-controls.js';
import { arn, messageOf, putPolicy, signedBucketRequest } from './support/bucket-policies.js';
import { bucketExists, objectExists } from './support/object-reads.js';
import { browserForm, signedPostFields } from './support/post-policy.js';
import { runPython } from './support/python.js';
import { sendRaw } from './support/raw-http.js';
import { codeOf, failure } from './support/s3-failure.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let bob: TestAccount;
let rootId: string;
beforeAll(async () => {
  bob = await newAccount(server, 'own-b');
  const probe = await server.bucket('own-probe');
  rootId = (await server.s3.send(new GetBucketAclCommand({ Bucket: probe }))).Owner!.ID!;
});

/** A bucket with no block and ACLs enabled, then the ownership given. */
async function bucketWith(ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter') {
  const bucket = await server.bucket('own');
  await allowPublicAcls(server.s3, bucket);
  if (ownership) await putOwnership(server.s3, bucket, ownership);
  return bucket;
}

const put = (bucket: string, key: string, extra: Record<string, unknown> = {}) =>
  server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'bytes', ...extra }));
const anonymousGet = (bucket: string, key: string) =>
  sendRaw(server.port, { method: 'GET', path: `/${bucket}/${key}` });
const ownerOnly = () => [
  { Grantee: { ID: rootId, DisplayName: 'root', Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' },
];
const ownershipBody = (value: string) =>
  `<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ObjectOwnership>${value}</ObjectOwnership></Rule></OwnershipControls>`;

describe('PutBucketOwnershipControls, GetBucketOwnershipControls, DeleteBucketOwnershipControls', () => {
  it('round-trip each setting, and 404 OwnershipControlsNotFoundError once deleted', async () => {
    const bucket = await bucketWith();
    for (const value of ['BucketOwnerPreferred', 'BucketOwnerEnforced', 'ObjectWriter'] as const) {
      const res = await signedBucketRequest(server.port, 'PUT', bucket, 'ownershipControls', {
        body: ownershipBody(value),
      });
      expect([res.status, res.text]).toEqual([200, '']);
      const got = await server.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
      expect(got.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: value }]);
    }
    const raw = await signedBucketRequest(server.port, 'GET', bucket, 'ownershipControls');
    expect(raw.text).toContain(
      '<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>',
    );
    const deleted = await signedBucketRequest(server.port, 'DELETE', bucket, 'ownershipControls');
    expect(deleted.status).toBe(204);
    const missing = await signedBucketRequest(server.port, 'GET', bucket, 'ownershipControls');
    expect([missing.status, missing.code, messageOf(missing)]).toEqual([
      404,
      'OwnershipControlsNotFoundError',
      'The bucket ownership controls were not found',
    ]);
    // Without a setting the bucket keeps ACLs, as before Object Ownership.
    await put(bucket, 'k', { ACL: 'public-read' });
    expect((await anonymousGet(bucket, 'k')).text).toBe('bytes');
  });

  it('refuse anything but one rule with one of the three settings with 400 MalformedXML', async () => {
    const bucket = await bucketWith('ObjectWriter');
    for (const body of [
      ownershipBody('BucketOwner'),
      ownershipBody(''),
      '<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>',
      '<OwnershipControls></OwnershipControls>',
      '<PublicAccessBlockConfiguration/>',
    ]) {
      const res = await signedBucketRequest(server.port, 'PUT', bucket, 'ownershipControls', { body });
      expect([body, res.status, res.code]).toEqual([body, 400, 'MalformedXML']);
    }
    const got = await server.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(got.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'ObjectWriter' }]);
  });

  it('belong to the bucket owner: another account is 403 even when the policy allows it', async () => {
    const bucket = await bucketWith('ObjectWriter');
    await putPolicy(server.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: ['s3:GetBucketOwnershipControls', 's3:PutBucketOwnershipControls'],
      Resource: arn(bucket),
    });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const body = method === 'PUT' ? ownershipBody('BucketOwnerEnforced') : undefined;
      const res = await signedBucketRequest(server.port, method, bucket, 'ownershipControls', {
        body,
        as: bob,
      });
      expect([method, res.status, res.code]).toEqual([method, 403, 'AccessDenied']);
    }
    const got = await server.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(got.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'ObjectWriter' }]);
  });

  it('refuse to disable ACLs while the bucket ACL grants others: 400 InvalidBucketAclWithObjectOwnership', async () => {
    const bucket = await bucketWith('ObjectWriter');
    await server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' }));
    const err = await failure(putOwnership(server.s3, bucket, 'BucketOwnerEnforced'));
    expect([err.name, err.$metadata.httpStatusCode, err.message]).toEqual([
      'InvalidBucketAclWithObjectOwnership',
      400,
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    ]);
    await server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    await putOwnership(server.s3, bucket, 'BucketOwnerEnforced');
  });
});

describe('CreateBucket with x-amz-object-ownership', () => {
  it('records the setting it names', async () => {
    for (const value of ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'] as const) {
      const bucket = uniqueBucket('own-create');
      await server.s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: value }));
      const got = await server.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
      expect(got.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: value }]);
    }
  });

  it('refuses an ACL with BucketOwnerEnforced (400 InvalidBucketAclWithObjectOwnership) and an unknown setting (400 InvalidArgument), creating nothing', async () => {
    const withAcl = uniqueBucket('own-create');
    const err = await failure(
      server.s3.send(
        new CreateBucketCommand({
          Bucket: withAcl,
          ObjectOwnership: 'BucketOwnerEnforced',
          ACL: 'public-read',
        }),
      ),
    );
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['InvalidBucketAclWithObjectOwnership', 400]);
    const granted = await failure(
      server.s3.send(
        new CreateBucketCommand({
          Bucket: withAcl,
          ObjectOwnership: 'BucketOwnerEnforced',
          GrantRead: `id="${bob.account.accountId}"`,
        }),
      ),
    );
    expect(granted.name).toBe('InvalidBucketAclWithObjectOwnership');
    const unknown = await failure(
      server.s3.send(
        new CreateBucketCommand({ Bucket: withAcl, ObjectOwnership: 'Nobody' as 'ObjectWriter' }),
      ),
    );
    expect([unknown.name, unknown.$metadata.httpStatusCode]).toEqual(['InvalidArgument', 400]);
    expect(await bucketExists(server.s3, withAcl)).toBe(false);
    // private is the owner's full control: accepted.
    await server.s3.send(
      new CreateBucketCommand({ Bucket: withAcl, ObjectOwnership: 'BucketOwnerEnforced', ACL: 'private' }),
    );
    expect(await bucketExists(server.s3, withAcl)).toBe(true);
  });
});

describe('BucketOwnerEnforced: ACLs disabled', () => {
  it('refuses every write that sets an ACL other than the owner full control with 400 AccessControlListNotSupported', async () => {
    const bucket = await bucketWith('BucketOwnerEnforced');
    await put(bucket, 'src');
    const refusals: [string, () => Promise<unknown>][] = [
      ['put', () => put(bucket, 'k1', { ACL: 'public-read' })],
      ['put grant', () => put(bucket, 'k2', { GrantRead: `id="${bob.account.accountId}"` })],
      [
        'copy',
        () =>
          server.s3.send(
            new CopyObjectCommand({
              Bucket: bucket,
              Key: 'k4',
              CopySource: `${bucket}/src`,
              ACL: 'authenticated-read',
            }),
          ),
      ],
      [
        'multipart',
        () =>
          server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'k5', ACL: 'public-read' })),
      ],
      [
        'object acl',
        () => server.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'src', ACL: 'public-read' })),
      ],
      [
        'bucket acl',
        () => server.s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: `uri="${ALL_USERS}"` })),
      ],
    ];
    for (const [what, call] of refusals) {
      const err = await failure(call());
      expect([what, err.name, err.$metadata.httpStatusCode, err.message]).toEqual([
        what,
        'AccessControlListNotSupported',
        400,
        'The bucket does not allow ACLs',
      ]);
    }
    for (const key of ['k1', 'k2', 'k4']) expect(await objectExists(server.s3, bucket, key)).toBe(false);

    const fields = signedPostFields({
      bucket,
      key: 'form',
      fields: { acl: 'public-read' },
      conditions: [{ acl: 'public-read' }],
    });
    const form = await fetch(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      body: browserForm(fields, { name: 'f', data: 'f' }),
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('<Code>AccessControlListNotSupported</Code>');
    expect(await objectExists(server.s3, bucket, 'form')).toBe(false);
  });

  it('accepts writes without an ACL or with bucket-owner-full-control (or private)', async () => {
    const bucket = await bucketWith('BucketOwnerEnforced');
    await put(bucket, 'none');
    await put(bucket, 'bofc', { ACL: 'bucket-owner-full-control' });
    await put(bucket, 'private', { ACL: 'private' });
    await server.s3.send(
      new PutObjectAclCommand({ Bucket: bucket, Key: 'none', ACL: 'bucket-owner-full-control' }),
    );
    await server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    for (const key of ['none', 'bofc', 'private'])
      expect(await objectExists(server.s3, bucket, key)).toBe(true);
  });

  it('stops existing ACLs from granting anything, and reads show the owner full control only', async () => {
    const bucket = await bucketWith('ObjectWriter');
    await put(bucket, 'pub', { ACL: 'public-read' });
    await put(bucket, 'bobs', {
      GrantRead: `id="${bob.account.accountId}"`,
      GrantReadACP: `id="${bob.account.accountId}"`,
    });
    expect((await anonymousGet(bucket, 'pub')).status).toBe(200);
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bobs' })))).toBe('no error');

    await putOwnership(server.s3, bucket, 'BucketOwnerEnforced');
    expect((await anonymousGet(bucket, 'pub')).status).toBe(403);
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bobs' })))).toBe(
      'AccessDenied',
    );
    expect(await codeOf(bob.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'bobs' })))).toBe(
      'AccessDenied',
    );
    const objectAcl = await server.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'pub' }));
    expect(objectAcl.Grants).toEqual(ownerOnly());
    const bucketAcl = await server.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(bucketAcl.Grants).toEqual(ownerOnly());

    // Only policies grant now; the stored ACLs come back when ACLs are enabled again.
    await putPolicy(server.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: 's3:GetObject',
      Resource: arn(bucket, 'bobs'),
    });
    expect(await codeOf(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bobs' })))).toBe('no error');
    await putOwnership(server.s3, bucket, 'ObjectWriter');
    expect((await anonymousGet(bucket, 'pub')).text).toBe('bytes');
  });

  it('ignores a bucket ACL that lets another account write', async () => {
    const bucket = await bucketWith('ObjectWriter');
    await server.s3.send(
      new PutBucketAclCommand({ Bucket: bucket, GrantWrite: `id="${bob.account.accountId}"` }),
    );
    await bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'before', Body: 'b' }));
    // The bucket ACL must be the owner's alone before ACLs can be disabled; then it is reset.
    await server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    await putOwnership(server.s3, bucket, 'BucketOwnerEnforced');
    await server.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    expect(await codeOf(bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'after', Body: 'b' })))).toBe(
      'AccessDenied',
    );
  });
});

describe('BucketOwnerPreferred and ObjectWriter keep ACLs working', () => {
  it('an object another account uploads with bucket-owner-full-control is the bucket owner’s; public-read still publishes', async () => {
    for (const ownership of ['BucketOwnerPreferred', 'ObjectWriter'] as const) {
      const bucket = await bucketWith(ownership);
      await server.s3.send(
        new PutBucketAclCommand({ Bucket: bucket, GrantWrite: `id="${bob.account.accountId}"` }),
      );
      await bob.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'bobs', Body: 'b', ACL: 'bucket-owner-full-control' }),
      );
      const acl = await server.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'bobs' }));
      expect([ownership, acl.Owner?.ID]).toEqual([ownership, rootId]);
      await put(bucket, 'pub', { ACL: 'public-read' });
      expect([ownership, (await anonymousGet(bucket, 'pub')).text]).toEqual([ownership, 'bytes']);
    }
  });
});

describe('DeleteBucketOwnershipControls', () => {
  it('enables ACLs again on a bucket that had them disabled', async () => {
    const bucket = await bucketWith('BucketOwnerEnforced');
    expect(await codeOf(put(bucket, 'k', { ACL: 'public-read' }))).toBe('AccessControlListNotSupported');
    await server.s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: bucket }));
    await put(bucket, 'k', { ACL: 'public-read' });
    expect((await anonymousGet(bucket, 'k')).text).toBe('bytes');
  });
});

describe('Object Ownership through boto3', () => {
  it('disables ACLs at creation, refuses public ones, and publishes once ACLs are enabled again', async () => {
    const script = path.resolve('test/support/bucket_controls_boto3.py');
    const { stdout } = await runPython([script, 'ownership', uniqueBucket('own-boto')], server.endpoint);
    expect(stdout.trim().split('\n')).toEqual([
      "create with acl: 400 InvalidBucketAclWithObjectOwnership Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
      "rules: [{'ObjectOwnership': 'BucketOwnerEnforced'}]",
      'public acl: 400 AccessControlListNotSupported The bucket does not allow ACLs',
      "grants: ['FULL_CONTROL']",
      'published: 200 hello',
      'deleted: 404 OwnershipControlsNotFoundError The bucket ownership controls were not found',
    ]);
  });
});
