import { connect } from 'node:net';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_USERS } from '../src/accounts/grants.js';
import { newAccount, type TestAccount } from './support/accounts.js';
import { createLegacyBucket } from './support/bucket-controls.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let alice: TestAccount;
let bob: TestAccount;
beforeAll(async () => {
  alice = await newAccount(server, 'reader-a');
  bob = await newAccount(server, 'reader-b');
});

const anonymous = (method: string, path: string) => sendRaw(server.port, { method, path });

describe('a public-read bucket opens its listing, not its objects', () => {
  it('anonymous: private object 403 to GET and HEAD, public-read object 200, listing 200', async () => {
    const bucket = uniqueBucket('pubread');
    await createLegacyBucket(alice.s3, bucket, 'public-read');
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'private.txt', Body: 'secret' }));
    await alice.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'open.txt', Body: 'hello', ACL: 'public-read' }),
    );
    const hidden = await anonymous('GET', `/${bucket}/private.txt`);
    expect([hidden.status, hidden.code]).toEqual([403, 'AccessDenied']);
    expect(hidden.text).not.toContain('secret');
    expect((await anonymous('HEAD', `/${bucket}/private.txt`)).status).toBe(403);
    const open = await anonymous('GET', `/${bucket}/open.txt`);
    expect([open.status, open.text]).toEqual([200, 'hello']);
    const listing = await anonymous('GET', `/${bucket}`);
    expect(listing.status).toBe(200);
    expect(listing.text).toContain('<Key>private.txt</Key>');
    // A caller who may list learns that a key is missing; the folder listing is open too.
    expect((await anonymous('GET', `/${bucket}/nothing-here`)).code).toBe('NoSuchKey');
    expect((await anonymous('GET', `/files/${bucket}/`)).status).toBe(200);
  });

  it('signed accounts: no GET, HEAD or copy of a private object through the bucket grant', async () => {
    const bucket = uniqueBucket('pubread-signed');
    await createLegacyBucket(alice.s3, bucket, 'public-read');
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'private.txt', Body: 'secret' }));
    const bobBucket = uniqueBucket('bob-target');
    await bob.s3.send(new CreateBucketCommand({ Bucket: bobBucket }));
    expect(
      (await failure(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'private.txt' })))).name,
    ).toBe('AccessDenied');
    expect(
      (await failure(bob.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'private.txt' })))).$metadata
        .httpStatusCode,
    ).toBe(403);
    const copy = new CopyObjectCommand({
      Bucket: bobBucket,
      Key: 'stolen',
      CopySource: `${bucket}/private.txt`,
    });
    expect((await failure(bob.s3.send(copy))).name).toBe('AccessDenied');
    expect(
      (await failure(bob.s3.send(new GetObjectCommand({ Bucket: bobBucket, Key: 'stolen' })))).name,
    ).toBe('NoSuchKey');
  });

  it('a private bucket hides whether a key exists from those who may not list it', async () => {
    const bucket = uniqueBucket('private');
    await alice.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    expect((await anonymous('GET', `/${bucket}/missing`)).code).toBe('AccessDenied');
    expect((await failure(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' })))).name).toBe(
      'AccessDenied',
    );
    expect(
      (await failure(alice.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' })))).name,
    ).toBe('NoSuchKey');
  });

  it('a multipart upload created with ACL public-read is public once completed', async () => {
    const bucket = uniqueBucket('mpu-acl');
    await createLegacyBucket(alice.s3, bucket);
    const { UploadId } = await alice.s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'a/d/book.pdf', ACL: 'public-read' }),
    );
    const part = await alice.s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'a/d/book.pdf',
        UploadId,
        PartNumber: 1,
        Body: 'PDF bytes',
      }),
    );
    await alice.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'a/d/book.pdf',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    const got = await anonymous('GET', `/${bucket}/a/d/book.pdf`);
    expect([got.status, got.text]).toEqual([200, 'PDF bytes']);
  });
});

describe('bucket existence', () => {
  it('an anonymous request to a bucket that does not exist is 404 NoSuchBucket', async () => {
    const name = uniqueBucket('never-made');
    for (const path of [`/${name}`, `/${name}/some/key`]) {
      const res = await anonymous('GET', path);
      expect([res.status, res.code]).toEqual([404, 'NoSuchBucket']);
    }
  });
});

describe('CopyObject ACL headers', () => {
  it('x-amz-acl and x-amz-grant-* on a copy set the new object ACL; without them it is private', async () => {
    const bucket = uniqueBucket('copy-acl');
    await createLegacyBucket(alice.s3, bucket);
    await alice.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'copied', ACL: 'public-read' }),
    );
    await alice.s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'public-copy',
        CopySource: `${bucket}/src`,
        ACL: 'public-read',
      }),
    );
    expect((await anonymous('GET', `/${bucket}/public-copy`)).text).toBe('copied');
    await alice.s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'bob-copy',
        CopySource: `${bucket}/src`,
        GrantRead: `id="${bob.account.accountId}"`,
      }),
    );
    const forBob = await bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bob-copy' }));
    expect(await forBob.Body!.transformToString()).toBe('copied');
    const acl = await alice.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'bob-copy' }));
    expect(acl.Grants?.some((g) => g.Grantee?.URI === ALL_USERS)).toBe(false);
    await alice.s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'plain-copy', CopySource: `${bucket}/src` }),
    );
    const plain = await anonymous('GET', `/${bucket}/plain-copy`);
    expect([plain.status, plain.code]).toEqual([403, 'AccessDenied']);
  });
});

describe('x-amz-expected-bucket-owner', () => {
  it('is 403 when the bucket belongs to someone else, and passes for the owner', async () => {
    const bucket = uniqueBucket('expected');
    await alice.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await alice.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'k',
        Body: 'v',
        ExpectedBucketOwner: alice.account.accountId,
      }),
    );
    const wrong = await failure(
      alice.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'k2',
          Body: 'v',
          ExpectedBucketOwner: bob.account.accountId,
        }),
      ),
    );
    expect([wrong.name, wrong.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const read = await failure(
      alice.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: 'k', ExpectedBucketOwner: bob.account.accountId }),
      ),
    );
    expect(read.name).toBe('AccessDenied');
    const copy = await failure(
      alice.s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: 'k3',
          CopySource: `${bucket}/k`,
          ExpectedSourceBucketOwner: bob.account.accountId,
        }),
      ),
    );
    expect(copy.name).toBe('AccessDenied');
    expect((await failure(alice.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k2' })))).name).toBe(
      'NotFound',
    );
  });
});

/** A raw PUT with `Expect: 100-continue`: what the server says before the body is sent. */
function expectContinue(headers: Record<string, string>, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const received: Buffer[] = [];
    let sentBody = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer: ${Buffer.concat(received).toString('latin1')}`));
    }, 5000);
    socket.on('connect', () => {
      const head = [`PUT ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (d: Buffer) => {
      received.push(d);
      const text = Buffer.concat(received).toString('latin1');
      if (!sentBody && text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
        sentBody = true;
        socket.write(body);
      }
      if (
        /\r\n\r\n/.test(text.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '')) &&
        /HTTP\/1\.1 [2-5]\d\d/.test(text)
      ) {
        clearTimeout(timer);
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

describe('Expect: 100-continue', () => {
  it('is answered with the error at once when the request is not authenticated or not allowed', async () => {
    const bucket = uniqueBucket('continue');
    await alice.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const path = `/${bucket}/upload`;
    const unsigned = await expectContinue(
      { host: `127.0.0.1:${server.port}`, 'content-length': '5', expect: '100-continue' },
      path,
      'hello',
    );
    expect(unsigned).not.toContain('100 Continue');
    expect(unsigned).toMatch(/^HTTP\/1\.1 403 /);
    // Bob signs correctly but may not write into Alice's bucket.
    const bobSigned = await signRequest(
      server.port,
      { method: 'PUT', path, headers: { 'content-length': '5', expect: '100-continue' } },
      {
        accessKeyId: bob.key.accessKeyId,
        secretAccessKey: bob.key.secretAccessKey,
        payloadHash: 'UNSIGNED-PAYLOAD',
      },
    );
    const denied = await expectContinue(bobSigned.headers, path, 'hello');
    expect(denied).not.toContain('100 Continue');
    expect(denied).toMatch(/^HTTP\/1\.1 403 /);
    expect(denied).toContain('<Code>AccessDenied</Code>');
  });

  it('invites the body of an allowed upload, which is then stored', async () => {
    const bucket = uniqueBucket('continue-ok');
    await alice.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const path = `/${bucket}/upload`;
    const signed = await signRequest(
      server.port,
      { method: 'PUT', path, headers: { 'content-length': '5', expect: '100-continue' } },
      {
        accessKeyId: alice.key.accessKeyId,
        secretAccessKey: alice.key.secretAccessKey,
        payloadHash: 'UNSIGNED-PAYLOAD',
      },
    );
    const answer = await expectContinue(signed.headers, path, 'hello');
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    const got = await alice.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'upload' }));
    expect(await got.Body!.transformToString()).toBe('hello');
  });
});
