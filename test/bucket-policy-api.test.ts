import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT_ACCOUNT } from '../src/accounts/root-account.js';
import { newAccount, type TestAccount } from './support/accounts.js';
import { arn, messageOf, policyOf, putPolicy, signedBucketRequest } from './support/bucket-policies.js';
import { sendRaw } from './support/raw-http.js';
import { codeOf, failure } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let alice: TestAccount;
let bob: TestAccount;
beforeAll(async () => {
  alice = await newAccount(server, 'pol-a');
  bob = await newAccount(server, 'pol-b');
});

const publicRead = (bucket: string) => ({
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: ['s3:GetObject', 's3:GetObjectVersion'],
  Resource: [arn(bucket, '*')],
});

describe('PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy', () => {
  it('round-trip the document byte for byte, and 404 NoSuchBucketPolicy once deleted', async () => {
    const bucket = await server.bucket('pol', { legacy: true });
    const missing = await signedBucketRequest(server.port, 'GET', bucket, 'policy');
    expect([missing.status, missing.code, messageOf(missing)]).toEqual([
      404,
      'NoSuchBucketPolicy',
      'The bucket policy does not exist.',
    ]);
    // Indentation, key order and a unicode Sid are kept as sent.
    const text = `{\n  "Version": "2012-10-17",\n  "Statement": [ { "Sid": "lecture-publique-é", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "${arn(bucket, '*')}" } ]\n}`;
    const put = await signedBucketRequest(server.port, 'PUT', bucket, 'policy', { body: text });
    expect([put.status, put.text]).toEqual([204, '']);
    const got = await signedBucketRequest(server.port, 'GET', bucket, 'policy');
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.body.equals(Buffer.from(text, 'utf8'))).toBe(true);
    const sdk = await server.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    expect(sdk.Policy).toBe(text);

    const deleted = await signedBucketRequest(server.port, 'DELETE', bucket, 'policy');
    expect(deleted.status).toBe(204);
    expect(await codeOf(server.s3.send(new GetBucketPolicyCommand({ Bucket: bucket })))).toBe(
      'NoSuchBucketPolicy',
    );
    // Deleting again is no error, as on S3.
    expect((await signedBucketRequest(server.port, 'DELETE', bucket, 'policy')).status).toBe(204);
  });

  it('replace the previous policy on a second Put', async () => {
    const bucket = await server.bucket('pol', { legacy: true });
    await putPolicy(server.s3, bucket, publicRead(bucket));
    const second = policyOf({ ...publicRead(bucket), Sid: 'Second' });
    await server.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: second }));
    expect((await server.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(second);
  });

  it('never hand a policy to a bucket created again under the same name', async () => {
    const bucket = await server.bucket('pol', { legacy: true });
    await putPolicy(server.s3, bucket, publicRead(bucket));
    await server.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    await alice.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    expect(await codeOf(alice.s3.send(new GetBucketPolicyCommand({ Bucket: bucket })))).toBe(
      'NoSuchBucketPolicy',
    );
  });
});

describe('a malformed policy', () => {
  const cases: [string, (bucket: string) => string, string][] = [
    ['invalid JSON', () => '{"Version": "2012-10-17", "Statement": [', 'This policy contains invalid Json'],
    ['no JSON object', () => '', "Policies must be valid JSON and the first byte must be '{'"],
    ['an empty statement', () => policyOf(), 'Could not parse the policy: Statement is empty!'],
    ['an unknown Effect', (b) => policyOf({ ...publicRead(b), Effect: 'Permit' }), 'Invalid effect: Permit'],
    [
      'a missing Principal',
      (b) => policyOf({ ...publicRead(b), Principal: undefined }),
      'Missing required field Principal',
    ],
    [
      'a bad ARN',
      (b) => policyOf({ ...publicRead(b), Resource: `arn:aws:s4:::${b}/*` }),
      'Policy has invalid resource',
    ],
    [
      'a resource in another bucket',
      (b) => policyOf({ ...publicRead(b), Resource: `arn:aws:s3:::${b}-other/*` }),
      'Policy has invalid resource',
    ],
    [
      'an unknown condition operator',
      (b) => policyOf({ ...publicRead(b), Condition: { StringEqualsCaseless: { 'aws:Referer': 'x' } } }),
      'Invalid Condition type: StringEqualsCaseless',
    ],
    [
      'an object action on the bucket ARN',
      (b) => policyOf({ ...publicRead(b), Resource: arn(b) }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      'an account that does not exist',
      (b) => policyOf({ ...publicRead(b), Principal: { AWS: 'f'.repeat(64) } }),
      'Invalid principal in policy',
    ],
  ];

  it.each(cases)('is refused with 400 MalformedPolicy: %s', async (_what, document, reason) => {
    const bucket = await server.bucket('bad', { legacy: true });
    const res = await signedBucketRequest(server.port, 'PUT', bucket, 'policy', { body: document(bucket) });
    expect([res.status, res.code, messageOf(res)]).toEqual([400, 'MalformedPolicy', reason]);
    expect(await codeOf(server.s3.send(new GetBucketPolicyCommand({ Bucket: bucket })))).toBe(
      'NoSuchBucketPolicy',
    );
  });

  it('over 20 KB is 400 PolicyTooLarge; exactly 20 KB is stored', async () => {
    const bucket = await server.bucket('big', { legacy: true });
    const base = policyOf(publicRead(bucket));
    const exactly = base.slice(0, -1) + ' '.repeat(20 * 1024 - base.length) + base.slice(-1);
    expect(Buffer.byteLength(exactly)).toBe(20480);
    const over = `${exactly} `;
    const refused = await signedBucketRequest(server.port, 'PUT', bucket, 'policy', { body: over });
    expect([refused.status, refused.code, messageOf(refused)]).toEqual([
      400,
      'PolicyTooLarge',
      'Policy exceeds the maximum allowed document size.',
    ]);
    const stored = await signedBucketRequest(server.port, 'PUT', bucket, 'policy', { body: exactly });
    expect(stored.status).toBe(204);
    expect((await server.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(exactly);
  });
});

describe('who may manage a policy', () => {
  it('is the bucket owner only: 403 to another account, 405 to one the policy allows', async () => {
    const bucket = await server.bucket('own', { owner: alice.s3, legacy: true });
    const attempt = () => signedBucketRequest(server.port, 'GET', bucket, 'policy', { as: bob });
    const put = (as: TestAccount) =>
      signedBucketRequest(server.port, 'PUT', bucket, 'policy', { as, body: policyOf(publicRead(bucket)) });
    expect([(await put(bob)).status, (await put(bob)).code]).toEqual([403, 'AccessDenied']);
    await putPolicy(alice.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${bob.account.accountId}:root` },
      Action: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
      Resource: arn(bucket),
    });
    const allowed = await attempt();
    expect([allowed.status, allowed.code]).toEqual([405, 'MethodNotAllowed']);
    const anonymous = await sendRaw(server.port, {
      method: 'GET',
      path: `/${bucket}`,
      query: { policy: '' },
    });
    expect([anonymous.status, anonymous.code]).toEqual([403, 'AccessDenied']);
  });

  it('cannot be locked out: a Deny of everything still lets the owner read, replace and delete it', async () => {
    const bucket = await server.bucket('lock', { owner: alice.s3, legacy: true });
    await alice.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
    await putPolicy(alice.s3, bucket, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn(bucket), arn(bucket, '*')],
    });
    // The Deny binds the owner for everything else...
    expect(await codeOf(alice.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).toBe(
      'AccessDenied',
    );
    // ...but not for the policy itself.
    expect((await alice.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toContain('"Deny"');
    await putPolicy(alice.s3, bucket, publicRead(bucket));
    await alice.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    const read = await alice.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await read.Body?.transformToString()).toBe('v');
  });

  it('accepts the root account as a principal', async () => {
    const bucket = await server.bucket('rootp', { owner: alice.s3, legacy: true });
    const p = policyOf({ ...publicRead(bucket), Principal: { AWS: ROOT_ACCOUNT.id } });
    const res = await signedBucketRequest(server.port, 'PUT', bucket, 'policy', { as: alice, body: p });
    expect(res.status).toBe(204);
  });
});

describe('GetBucketPolicyStatus', () => {
  it('is 404 NoSuchBucketPolicy without a policy', async () => {
    const bucket = await server.bucket('st', { legacy: true });
    const res = await signedBucketRequest(server.port, 'GET', bucket, 'policyStatus');
    expect([res.status, res.code]).toEqual([404, 'NoSuchBucketPolicy']);
  });

  it('says IsPublic true for a public read and false for a read by one account', async () => {
    const bucket = await server.bucket('st', { legacy: true });
    await putPolicy(server.s3, bucket, publicRead(bucket));
    const raw = await signedBucketRequest(server.port, 'GET', bucket, 'policyStatus');
    expect(raw.status).toBe(200);
    expect(raw.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>true</IsPublic></PolicyStatus>',
    );
    await putPolicy(server.s3, bucket, {
      ...publicRead(bucket),
      Principal: { AWS: alice.account.accountId },
    });
    const status = await server.s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }));
    expect(status.PolicyStatus?.IsPublic).toBe(false);
    const pinned = { ...publicRead(bucket), Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    await putPolicy(server.s3, bucket, pinned);
    expect(
      (await server.s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic,
    ).toBe(false);
  });

  it("is the owner's to read unless the policy grants it", async () => {
    const bucket = await server.bucket('st', { owner: alice.s3, legacy: true });
    await putPolicy(alice.s3, bucket, publicRead(bucket));
    const denied = await failure(bob.s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })));
    expect([denied.$metadata.httpStatusCode, denied.name]).toEqual([403, 'AccessDenied']);
    await putPolicy(alice.s3, bucket, publicRead(bucket), {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: 's3:GetBucketPolicyStatus',
      Resource: arn(bucket),
    });
    expect(
      (await bob.s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic,
    ).toBe(true);
  });
});
