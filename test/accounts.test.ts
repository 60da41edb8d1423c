import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ROOT_ACCOUNT } from '../src/accounts/root-account.js';
import { AdminApiError, AdminClient } from '../src/admin/admin-client.js';
import { newAccount, rootAdmin, uniqueAccountName } from './support/accounts.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { useServer } from './support/use-server.js';

const server = useServer();

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return { name: err.name, status: err.$metadata.httpStatusCode };
    if (err instanceof AdminApiError) return { name: err.code, status: err.status };
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('the admin API', () => {
  it('creates accounts and keys, and lists them without their secrets', async () => {
    const admin = rootAdmin(server);
    const name = uniqueAccountName('alice');
    const account = await admin.createAccount(name);
    expect(account.accountId).toMatch(/^[0-9a-f]{64}$/);
    expect(account.status).toBe('active');
    const key = await admin.createKey(name);
    expect(key.accessKeyId).toMatch(/^OK[A-Z2-7]{18}$/);
    expect(key.secretAccessKey).toHaveLength(40);
    const listed = (await admin.listAccounts()).find((a) => a.name === name);
    expect(listed?.keys).toEqual([
      expect.objectContaining({ accessKeyId: key.accessKeyId, status: 'active' }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(key.secretAccessKey);
    expect(await errorOf(admin.createAccount(name))).toEqual({ name: 'Conflict', status: 409 });
    expect(await errorOf(admin.createKey('no-such-account'))).toEqual({ name: 'NotFound', status: 404 });
    expect(await errorOf(admin.createAccount('Not Valid'))).toEqual({ name: 'InvalidInput', status: 400 });
  });

  it('answers only the root credentials', async () => {
    const { key } = await newAccount(server, 'notroot');
    const asAccount = new AdminClient(server.endpoint, {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      region: 'us-east-1',
    });
    expect(await errorOf(asAccount.listAccounts())).toEqual({ name: 'AccessDenied', status: 403 });
    const anonymous = await sendRaw(server.port, { method: 'GET', path: '/_ok/admin/accounts' });
    expect(anonymous.status).toBe(403);
    expect(JSON.parse(anonymous.text).error.code).toBe('AccessDenied');
    const badSecret = new AdminClient(server.endpoint, {
      accessKeyId: key.accessKeyId,
      secretAccessKey: 'wrong-secret-0000',
      region: 'us-east-1',
    });
    expect(await errorOf(badSecret.listAccounts())).toEqual({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('refuses a body that does not match the signed payload hash', async () => {
    const signed = await signRequest(server.port, {
      method: 'POST',
      path: '/_ok/admin/accounts',
      body: JSON.stringify({ name: uniqueAccountName('tampered') }),
    });
    const res = await sendRaw(server.port, { ...signed, body: JSON.stringify({ name: 'mallory' }) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('XAmzContentSHA256Mismatch');
  });
});

describe('two accounts', () => {
  it('are isolated from each other', async () => {
    const alice = await newAccount(server, 'alice');
    const bob = await newAccount(server, 'bob');
    const bucket = await server.bucket('alice', { owner: alice.s3 });
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'secret.txt', Body: 'for alice' }));

    const aliceList = await alice.s3.send(new ListBucketsCommand({}));
    expect(aliceList.Buckets?.map((b) => b.Name)).toEqual([bucket]);
    expect(aliceList.Owner).toEqual({ ID: alice.account.accountId, DisplayName: alice.account.name });
    const bobList = await bob.s3.send(new ListBucketsCommand({}));
    expect(bobList.Buckets ?? []).toEqual([]);
    expect(bobList.Owner?.ID).toBe(bob.account.accountId);

    for (const call of [
      () => bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' })),
      () => bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: 'x' })),
      () => bob.s3.send(new ListObjectsV2Command({ Bucket: bucket })),
    ]) {
      expect(await errorOf(call())).toEqual({ name: 'AccessDenied', status: 403 });
    }
    // A HEAD answer has no body, so no error code: the status is all there is.
    expect((await errorOf(bob.s3.send(new HeadBucketCommand({ Bucket: bucket })))).status).toBe(403);
    const taken = await errorOf(bob.s3.send(new CreateBucketCommand({ Bucket: bucket })));
    expect(taken.name).toBe('BucketAlreadyExists');
  });

  it('show the real owner in listings, and root still sees and reads everything', async () => {
    const alice = await newAccount(server, 'owner');
    const bucket = await server.bucket('owned', { owner: alice.s3 });
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
    const v1 = await alice.s3.send(new ListObjectsCommand({ Bucket: bucket }));
    expect(v1.Contents?.[0]?.Owner).toEqual({ ID: alice.account.accountId, DisplayName: alice.account.name });

    const root = server.s3;
    const rootList = await root.send(new ListBucketsCommand({}));
    expect(rootList.Owner).toEqual({ ID: ROOT_ACCOUNT.id, DisplayName: 'root' });
    expect(rootList.Buckets?.map((b) => b.Name)).toContain(bucket);
    const read = await root.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await read.Body?.transformToString()).toBe('v');
  });
});
