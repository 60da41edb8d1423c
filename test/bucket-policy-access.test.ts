import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { newAccount, type TestAccount } from './support/accounts.js';
import { arn, putPolicy } from './support/bucket-policies.js';
import { objectText } from './support/object-reads.js';
import { sendRaw, sendUrl } from './support/raw-http.js';
import { codeOf } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let alice: TestAccount;
let bob: TestAccount;
beforeAll(async () => {
  alice = await newAccount(server, 'acc-a');
  bob = await newAccount(server, 'acc-b');
});

const anonymous = (method: string, path: string, body?: string) =>
  sendRaw(server.port, {
    method,
    path,
    body,
    headers: body === undefined ? {} : { 'content-length': String(body.length) },
  });

/** A bucket of alice's holding these objects, private by their ACLs. */
async function aliceBucket(objects: Record<string, string>): Promise<string> {
  const bucket = await server.bucket('pa', { owner: alice.s3, legacy: true });
  for (const [Key, Body] of Object.entries(objects)) {
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
  }
  return bucket;
}

const everyone = (Action: string | string[], Resource: string | string[]) => ({
  Effect: 'Allow',
  Principal: '*',
  Action,
  Resource,
});

describe('a public-read policy (Principal "*", s3:GetObject on bucket/*)', () => {
  it('lets a browser download with a plain GET, and nothing more', async () => {
    const bucket = await aliceBucket({ 'site/index.html': '<h1>hello</h1>', 'a b/ü.txt': 'unicode' });
    expect((await sendUrl(server.port, 'GET', `/${bucket}/site/index.html`)).status).toBe(403);
    await putPolicy(alice.s3, bucket, everyone('s3:GetObject', arn(bucket, '*')));

    const page = await sendUrl(server.port, 'GET', `/${bucket}/site/index.html`);
    expect([page.status, page.text]).toEqual([200, '<h1>hello</h1>']);
    const encoded = await sendUrl(server.port, 'GET', `/${bucket}/a%20b/%C3%BC.txt`);
    expect([encoded.status, encoded.text]).toEqual([200, 'unicode']);
    const head = await anonymous('HEAD', `/${bucket}/site/index.html`);
    expect([head.status, head.headers['content-length']]).toEqual([200, '14']);
    // Another account is "*" too.
    expect(await objectText(bob.s3, bucket, 'site/index.html')).toBe('<h1>hello</h1>');

    const put = await anonymous('PUT', `/${bucket}/site/evil.html`, 'x');
    expect([put.status, put.code]).toEqual([403, 'AccessDenied']);
    const list = await anonymous('GET', `/${bucket}`);
    expect([list.status, list.code]).toEqual([403, 'AccessDenied']);
    const acl = await anonymous('GET', `/${bucket}/site/index.html?acl`);
    expect([acl.status, acl.code]).toEqual([403, 'AccessDenied']);
    // Without s3:ListBucket a missing key is not revealed.
    const missing = await anonymous('GET', `/${bucket}/site/nothing.html`);
    expect([missing.status, missing.code]).toEqual([403, 'AccessDenied']);
  });

  it('opens listing, and NoSuchKey for missing keys, once s3:ListBucket is allowed too', async () => {
    const bucket = await aliceBucket({ 'docs/a.txt': 'A', 'docs/b.txt': 'B' });
    await putPolicy(
      alice.s3,
      bucket,
      everyone('s3:GetObject', arn(bucket, '*')),
      everyone('s3:ListBucket', arn(bucket)),
    );
    const list = await anonymous('GET', `/${bucket}?list-type=2`);
    expect(list.status).toBe(200);
    expect([...list.text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1])).toEqual([
      'docs/a.txt',
      'docs/b.txt',
    ]);
    const missing = await anonymous('GET', `/${bucket}/docs/c.txt`);
    expect([missing.status, missing.code]).toEqual([404, 'NoSuchKey']);
    const folder = await anonymous('GET', `/files/${bucket}/docs`);
    expect(folder.status).toBe(200);
    expect(folder.text).toContain('a.txt');
  });

  it('reads a version by id only with s3:GetObjectVersion', async () => {
    const bucket = await aliceBucket({});
    await alice.s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const v1 = await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one' }));
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two' }));
    await putPolicy(alice.s3, bucket, everyone('s3:GetObject', arn(bucket, '*')));
    expect((await anonymous('GET', `/${bucket}/k`)).text).toBe('two');
    const byId = await anonymous('GET', `/${bucket}/k?versionId=${v1.VersionId}`);
    expect([byId.status, byId.code]).toEqual([403, 'AccessDenied']);
    await putPolicy(alice.s3, bucket, everyone(['s3:GetObject', 's3:GetObjectVersion'], arn(bucket, '*')));
    const allowed = await anonymous('GET', `/${bucket}/k?versionId=${v1.VersionId}`);
    expect([allowed.status, allowed.text]).toEqual([200, 'one']);
  });
});

describe('an explicit Deny', () => {
  it('beats a public-read object ACL and a bucket WRITE grant', async () => {
    const bucket = await aliceBucket({});
    await alice.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'secret/plan.txt', Body: 'p', ACL: 'public-read' }),
    );
    await alice.s3.send(
      new PutBucketAclCommand({ Bucket: bucket, GrantWrite: `id="${bob.account.accountId}"` }),
    );
    expect((await anonymous('GET', `/${bucket}/secret/plan.txt`)).status).toBe(200);
    await bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inbox/1', Body: 'b' }));

    await putPolicy(
      alice.s3,
      bucket,
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: arn(bucket, 'secret/*') },
      {
        Effect: 'Deny',
        Principal: { AWS: bob.account.accountId },
        Action: 's3:PutObject',
        Resource: arn(bucket, '*'),
      },
    );
    const denied = await anonymous('GET', `/${bucket}/secret/plan.txt`);
    expect([denied.status, denied.code]).toEqual([403, 'AccessDenied']);
    expect(
      await codeOf(bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inbox/2', Body: 'b' }))),
    ).toBe('AccessDenied');
    // The owner is bound by it too; other keys and actions keep their ACLs.
    expect(await codeOf(objectText(alice.s3, bucket, 'secret/plan.txt'))).toBe('AccessDenied');
    expect(await objectText(alice.s3, bucket, 'inbox/1')).toBe('b');
  });
});

describe('conditions on the request', () => {
  it('IpAddress: requests from 127.0.0.1 are not in 10.0.0.0/8', async () => {
    const bucket = await aliceBucket({ 'k.txt': 'K' });
    const fromIps = (cidr: string) => ({
      ...everyone('s3:GetObject', arn(bucket, '*')),
      Condition: { IpAddress: { 'aws:SourceIp': cidr } },
    });
    await putPolicy(alice.s3, bucket, fromIps('10.0.0.0/8'));
    expect((await anonymous('GET', `/${bucket}/k.txt`)).status).toBe(403);
    await putPolicy(alice.s3, bucket, fromIps('127.0.0.0/8'));
    expect((await anonymous('GET', `/${bucket}/k.txt`)).status).toBe(200);
  });

  it('NotIpAddress in a Deny locks out every caller outside the block, the owner included', async () => {
    const bucket = await aliceBucket({ 'k.txt': 'K' });
    await putPolicy(alice.s3, bucket, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn(bucket), arn(bucket, '*')],
      Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
    });
    expect(await codeOf(objectText(alice.s3, bucket, 'k.txt'))).toBe('AccessDenied');
    expect(await codeOf(alice.s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('AccessDenied');
  });

  it("aws:Referer and s3:x-amz-acl, as in the user guide's examples", async () => {
    const bucket = await aliceBucket({ 'img.png': 'png' });
    await putPolicy(
      alice.s3,
      bucket,
      {
        ...everyone('s3:GetObject', arn(bucket, '*')),
        Condition: { StringLike: { 'aws:Referer': ['https://www.example.com/*', 'https://example.com/*'] } },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: bob.account.accountId },
        Action: 's3:PutObject',
        Resource: arn(bucket, '*'),
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    );
    const get = (headers: Record<string, string>) =>
      sendRaw(server.port, { method: 'GET', path: `/${bucket}/img.png`, headers });
    expect((await get({ referer: 'https://example.com/gallery.html' })).status).toBe(200);
    expect((await get({ referer: 'https://evil.example.net/' })).status).toBe(403);
    expect((await get({})).status).toBe(403);
    const upload = (ACL?: 'bucket-owner-full-control' | 'private') =>
      bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-bob', Body: 'b', ACL }));
    expect(await codeOf(upload())).toBe('AccessDenied');
    expect(await codeOf(upload('private'))).toBe('AccessDenied');
    expect(await codeOf(upload('bucket-owner-full-control'))).toBe('no error');
  });

  it('s3:prefix limits what another account may list', async () => {
    const bucket = await aliceBucket({ 'public/a': '1', 'private/b': '2' });
    await putPolicy(alice.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: 's3:ListBucket',
      Resource: arn(bucket),
      Condition: { StringEquals: { 's3:prefix': 'public/' } },
    });
    const listed = await bob.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'public/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['public/a']);
    expect(await codeOf(bob.s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('AccessDenied');
    expect(await codeOf(bob.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'private/' })))).toBe(
      'AccessDenied',
    );
  });

  it('aws:username in a policy variable gives each account its own folder', async () => {
    const bucket = await aliceBucket({});
    await putPolicy(alice.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: [bob.account.accountId] },
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: arn(bucket, `home/${'$'}{aws:username}/*`),
    });
    const mine = `home/${bob.account.name}/notes.txt`;
    await bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: mine, Body: 'mine' }));
    expect(await objectText(bob.s3, bucket, mine)).toBe('mine');
    const theirs = `home/${alice.account.name}/notes.txt`;
    expect(await codeOf(bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: theirs, Body: 'x' })))).toBe(
      'AccessDenied',
    );
  });
});

describe('a policy granting writes to another account', () => {
  it('covers the keys it names, object by object in DeleteObjects', async () => {
    const bucket = await aliceBucket({ 'tmp/a': '1', 'keep/b': '2' });
    await putPolicy(alice.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${bob.account.accountId}:root` },
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: arn(bucket, 'tmp/*'),
    });
    await bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tmp/new', Body: 'n' }));
    expect(
      await codeOf(bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep/new', Body: 'n' }))),
    ).toBe('AccessDenied');
    const result = await bob.s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'tmp/a' }, { Key: 'keep/b' }] },
      }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['tmp/a']);
    expect(result.Errors?.map((e) => [e.Key, e.Code])).toEqual([['keep/b', 'AccessDenied']]);
    expect(await objectText(alice.s3, bucket, 'keep/b')).toBe('2');
    expect(await codeOf(alice.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'tmp/a' })))).toBe(
      'NoSuchKey',
    );
  });

  it('leaves DeleteObjects 403 as a whole to a caller the ACL refuses while the bucket has no policy', async () => {
    const bucket = await aliceBucket({ k: '1' });
    const refused = bob.s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'k' }] } }),
    );
    expect(await codeOf(refused)).toBe('AccessDenied');
    expect(await objectText(alice.s3, bucket, 'k')).toBe('1');
  });
});
