import {
  CopyObjectCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { newAccount, type TestAccount } from './support/accounts.js';
import { objectText } from './support/object-reads.js';
import { sendRaw } from './support/raw-http.js';
import { codeOf } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let alice: TestAccount;
let bob: TestAccount;
beforeAll(async () => {
  alice = await newAccount(server, 'alice');
  bob = await newAccount(server, 'bob');
});

async function aliceBucketWith(keys: Record<string, string>): Promise<string> {
  const bucket = await server.bucket('acl', { owner: alice.s3, legacy: true });
  for (const [key, body] of Object.entries(keys)) {
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }
  return bucket;
}

describe('object ACLs', () => {
  it('let one account read an object of another, and only that object', async () => {
    const bucket = await aliceBucketWith({ 'shared.txt': 'for bob', 'private.txt': 'alice only' });
    expect(await codeOf(objectText(bob.s3, bucket, 'shared.txt'))).toBe('AccessDenied');
    await alice.s3.send(
      new PutObjectAclCommand({
        Bucket: bucket,
        Key: 'shared.txt',
        GrantRead: `id="${bob.account.accountId}"`,
      }),
    );
    expect(await objectText(bob.s3, bucket, 'shared.txt')).toBe('for bob');
    expect(await codeOf(objectText(bob.s3, bucket, 'private.txt'))).toBe('AccessDenied');
    expect(await codeOf(bob.s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('AccessDenied');

    const acl = await alice.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'shared.txt' }));
    expect(acl.Owner).toEqual({ ID: alice.account.accountId, DisplayName: alice.account.name });
    expect(acl.Grants).toContainEqual({
      Grantee: { Type: 'CanonicalUser', ID: bob.account.accountId, DisplayName: bob.account.name },
      Permission: 'READ',
    });
    // READ does not include READ_ACP.
    expect(await codeOf(bob.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'shared.txt' })))).toBe(
      'AccessDenied',
    );
  });

  it('are replaced by an AccessControlPolicy body and reset when the key is overwritten', async () => {
    const bucket = await aliceBucketWith({ 'doc.txt': 'v1' });
    await alice.s3.send(
      new PutObjectAclCommand({
        Bucket: bucket,
        Key: 'doc.txt',
        AccessControlPolicy: {
          Owner: { ID: alice.account.accountId },
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: bob.account.accountId }, Permission: 'FULL_CONTROL' },
          ],
        },
      }),
    );
    expect(await objectText(bob.s3, bucket, 'doc.txt')).toBe('v1');
    const seen = await bob.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'doc.txt' }));
    expect(seen.Grants?.map((g) => g.Permission)).toEqual(['FULL_CONTROL']);
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'v2' }));
    expect(await codeOf(objectText(bob.s3, bucket, 'doc.txt'))).toBe('AccessDenied');
  });

  it('can be set by PutObject (public-read serves anonymous GETs) and copied from with READ', async () => {
    const bucket = await aliceBucketWith({});
    await alice.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'pub.txt', Body: 'hello', ACL: 'public-read' }),
    );
    const anonymous = await sendRaw(server.port, { method: 'GET', path: `/${bucket}/pub.txt` });
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).toBe('hello');

    const bobBucket = await server.bucket('bob', { owner: bob.s3, legacy: true });
    await bob.s3.send(
      new CopyObjectCommand({ Bucket: bobBucket, Key: 'copy', CopySource: `${bucket}/pub.txt` }),
    );
    expect(await objectText(bob.s3, bobBucket, 'copy')).toBe('hello');
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hidden', Body: 'no' }));
    expect(
      await codeOf(
        bob.s3.send(new CopyObjectCommand({ Bucket: bobBucket, Key: 'c2', CopySource: `${bucket}/hidden` })),
      ),
    ).toBe('AccessDenied');
  });

  it('refuse unknown grantees and mixed ACL forms', async () => {
    const bucket = await aliceBucketWith({ k: 'v' });
    const unknown = new PutObjectAclCommand({
      Bucket: bucket,
      Key: 'k',
      GrantRead: `id="${'0'.repeat(64)}"`,
    });
    expect(await codeOf(alice.s3.send(unknown))).toBe('InvalidArgument');
    const mixed = new PutObjectAclCommand({
      Bucket: bucket,
      Key: 'k',
      ACL: 'public-read',
      GrantRead: `id="${bob.account.accountId}"`,
    });
    expect(await codeOf(alice.s3.send(mixed))).toBe('InvalidRequest');
    const byMail = new PutObjectAclCommand({
      Bucket: bucket,
      Key: 'k',
      GrantRead: `emailAddress="nobody-${process.pid}@example.com"`,
    });
    expect(await codeOf(alice.s3.send(byMail))).toBe('UnresolvableGrantByEmailAddress');
  });
});

describe('bucket ACLs', () => {
  it('grant READ to one account: it may list, not read objects or write', async () => {
    const bucket = await aliceBucketWith({ 'a.txt': 'A' });
    await alice.s3.send(
      new PutBucketAclCommand({ Bucket: bucket, GrantRead: `id="${bob.account.accountId}"` }),
    );
    const listed = await bob.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['a.txt']);
    // Bucket READ is the listing; the object keeps its own (private) ACL.
    expect(await codeOf(objectText(bob.s3, bucket, 'a.txt'))).toBe('AccessDenied');
    expect(await codeOf(bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'b', Body: 'b' })))).toBe(
      'AccessDenied',
    );
    expect(await codeOf(bob.s3.send(new GetBucketAclCommand({ Bucket: bucket })))).toBe('AccessDenied');
    const acl = await alice.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(acl.Grants?.map((g) => `${g.Grantee?.DisplayName}:${g.Permission}`)).toEqual([
      `${bob.account.name}:READ`,
    ]);
  });

  it('grant WRITE, READ_ACP and WRITE_ACP separately', async () => {
    const bucket = await aliceBucketWith({});
    const bobId = `id="${bob.account.accountId}"`;
    await alice.s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantWrite: bobId, GrantReadACP: bobId }));
    await bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-bob', Body: 'x' }));
    const seen = await bob.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(seen.Owner?.ID).toBe(alice.account.accountId);
    expect(await codeOf(bob.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' })))).toBe(
      'AccessDenied',
    );
    await alice.s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantWriteACP: bobId }));
    await bob.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'authenticated-read' }));
    const after = await alice.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(after.Grants?.map((g) => g.Grantee?.URI ?? g.Grantee?.ID)).toEqual([
      alice.account.accountId,
      'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
    ]);
  });

  it('authenticated-read opens listing (bucket) or reading (object) to signed accounts only', async () => {
    const bucket = await aliceBucketWith({ 'k.txt': 'K' });
    await alice.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'authenticated-read' }));
    const listed = await bob.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['k.txt']);
    // The bucket's READ grant does not reach the object: that takes the object's own ACL.
    expect(await codeOf(objectText(bob.s3, bucket, 'k.txt'))).toBe('AccessDenied');
    await alice.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'k.txt', ACL: 'authenticated-read' }));
    expect(await objectText(bob.s3, bucket, 'k.txt')).toBe('K');
    const anonymous = await sendRaw(server.port, { method: 'GET', path: `/${bucket}/k.txt` });
    expect([anonymous.status, anonymous.code]).toEqual([403, 'AccessDenied']);
    const anonymousList = await sendRaw(server.port, { method: 'GET', path: `/${bucket}` });
    expect([anonymousList.status, anonymousList.code]).toEqual([403, 'AccessDenied']);
  });
});
