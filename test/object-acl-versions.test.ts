import {
  DeleteObjectCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  PutObjectAclCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_USERS } from '../src/accounts/grants.js';
import { newAccount, type TestAccount } from './support/accounts.js';
import { sendRaw, sendUrl, signRequest } from './support/raw-http.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let carol: TestAccount;
beforeAll(async () => {
  carol = await newAccount(server, 'acl-versions');
});

const publicRead = (grants: { Grantee?: { URI?: string }; Permission?: string }[] | undefined) =>
  (grants ?? []).some((g) => g.Grantee?.URI === ALL_USERS && g.Permission === 'READ');

async function aclRaw(bucket: string, key: string, query: Record<string, string>, method = 'GET') {
  return sendRaw(
    server.port,
    await signRequest(server.port, { method, path: `/${bucket}/${key}`, query: { acl: '', ...query } }),
  );
}

describe('the ACL of one version (?acl&versionId=)', () => {
  it('reads and writes the named version’s ACL only, and answers its x-amz-version-id', async () => {
    const bucket = await server.bucket('aclv', { versioning: 'Enabled', legacy: true });
    const v1 = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one' }));
    const v2 = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two', ACL: 'public-read' }),
    );
    const put = await server.s3.send(
      new PutObjectAclCommand({
        Bucket: bucket,
        Key: 'k',
        VersionId: v1.VersionId,
        GrantRead: `id="${carol.account.accountId}"`,
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(200);
    const raw = await aclRaw(bucket, 'k', { versionId: v1.VersionId ?? '' }, 'GET');
    expect(raw.headers['x-amz-version-id']).toBe(v1.VersionId);

    const old = await server.s3.send(
      new GetObjectAclCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }),
    );
    expect(old.Grants?.map((g) => [g.Grantee?.ID, g.Permission])).toContainEqual([
      carol.account.accountId,
      'READ',
    ]);
    expect(publicRead(old.Grants)).toBe(false);
    const current = await aclRaw(bucket, 'k', {});
    expect(current.headers['x-amz-version-id']).toBe(v2.VersionId);
    expect(current.text).toContain(ALL_USERS);
    expect(current.text).not.toContain(carol.account.accountId);

    // The grant opens v1 to carol, and only v1.
    const read = await carol.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }),
    );
    expect(await read.Body?.transformToString()).toBe('one');
    const anonymousOld = await sendUrl(server.port, 'GET', `/${bucket}/k?versionId=${v1.VersionId}`);
    expect(anonymousOld.status).toBe(403);
    expect((await sendUrl(server.port, 'GET', `/${bucket}/k`)).text).toBe('two');
  });

  it('answers NoSuchVersion, InvalidArgument and, for a delete marker, 405 with its headers', async () => {
    const bucket = await server.bucket('aclv-bad', { versioning: 'Enabled', legacy: true });
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one' }));
    const missing = await aclRaw(bucket, 'k', { versionId: '00000000-0000-1000-8000-000000000000' });
    expect([missing.status, missing.code]).toEqual([404, 'NoSuchVersion']);
    const putMissing = await aclRaw(
      bucket,
      'k',
      { versionId: '00000000-0000-1000-8000-000000000000' },
      'PUT',
    );
    expect([putMissing.status, putMissing.code]).toEqual([404, 'NoSuchVersion']);
    const invalid = await aclRaw(bucket, 'k', { versionId: 'not-a-version' });
    expect([invalid.status, invalid.code]).toEqual([400, 'InvalidArgument']);
    expect(invalid.text).toContain('<ArgumentName>versionId</ArgumentName>');

    const marker = await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    const current = await aclRaw(bucket, 'k', {});
    expect([current.status, current.code]).toEqual([404, 'NoSuchKey']);
    expect(current.headers['x-amz-delete-marker']).toBe('true');
    const byId = await aclRaw(bucket, 'k', { versionId: marker.VersionId ?? '' });
    expect([byId.status, byId.code]).toEqual([405, 'MethodNotAllowed']);
    expect(byId.headers['x-amz-delete-marker']).toBe('true');
    expect(byId.headers['x-amz-version-id']).toBe(marker.VersionId);
  });

  it('names the null version "null" in an unversioned bucket and sends no version header', async () => {
    const bucket = await server.bucket('aclv-null', { legacy: true });
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one' }));
    await server.s3.send(
      new PutObjectAclCommand({ Bucket: bucket, Key: 'k', VersionId: 'null', ACL: 'public-read' }),
    );
    const got = await aclRaw(bucket, 'k', { versionId: 'null' });
    expect(got.status).toBe(200);
    expect(got.text).toContain(ALL_USERS);
    expect(got.headers['x-amz-version-id']).toBeUndefined();
  });
});
