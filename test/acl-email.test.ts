import {
  GetBucketAclCommand,
  GetObjectAclCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdminApiError } from '../src/admin/admin-client.js';
import { newAccount, rootAdmin, type TestAccount, uniqueAccountName } from './support/accounts.js';
import { objectText } from './support/object-reads.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { codeOf, failure } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let erin: TestAccount;
let erinMail: string;
beforeAll(async () => {
  erin = await newAccount(server, 'erin');
  erinMail = `${erin.account.name}@example.com`;
  await rootAdmin(server).setEmail(erin.account.name, erinMail);
});

const userGrants = (
  grants: { Grantee?: { ID?: string; Type?: string }; Permission?: string }[] | undefined,
) =>
  (grants ?? []).filter((g) => g.Grantee?.Type === 'CanonicalUser').map((g) => [g.Grantee?.ID, g.Permission]);

describe('ACL grants by e-mail address', () => {
  it('resolve x-amz-grant-* emailAddress="..." to the account’s canonical id, whatever the case', async () => {
    const bucket = await server.bucket('mail', { legacy: true });
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'for erin' }));
    expect(await codeOf(objectText(erin.s3, bucket, 'k'))).toBe('AccessDenied');
    await server.s3.send(
      new PutObjectAclCommand({
        Bucket: bucket,
        Key: 'k',
        GrantRead: `emailAddress="${erinMail.toUpperCase()}"`,
      }),
    );
    const acl = await server.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'k' }));
    expect(userGrants(acl.Grants)).toContainEqual([erin.account.accountId, 'READ']);
    expect(JSON.stringify(acl.Grants)).not.toContain('@');
    expect(await objectText(erin.s3, bucket, 'k')).toBe('for erin');
  });

  it('resolve an AmazonCustomerByEmail grantee of an AccessControlPolicy body', async () => {
    const bucket = await server.bucket('mail-body', { legacy: true });
    const { Owner } = await server.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    const xml =
      '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Owner><ID>${Owner?.ID}</ID></Owner><AccessControlList>` +
      '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AmazonCustomerByEmail">' +
      `<EmailAddress>${erinMail}</EmailAddress></Grantee><Permission>READ</Permission></Grant>` +
      '</AccessControlList></AccessControlPolicy>';
    const res = await sendRaw(
      server.port,
      await signRequest(server.port, {
        method: 'PUT',
        path: `/${bucket}`,
        query: { acl: '' },
        headers: { 'content-length': String(Buffer.byteLength(xml)) },
        body: xml,
      }),
    );
    expect(res.status).toBe(200);
    const acl = await server.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(userGrants(acl.Grants)).toContainEqual([erin.account.accountId, 'READ']);
    const listed = await erin.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.$metadata.httpStatusCode).toBe(200);
  });

  it('refuse an address no account has with 400 UnresolvableGrantByEmailAddress, storing nothing', async () => {
    const bucket = await server.bucket('mail-unknown', { legacy: true });
    const err = await failure(
      server.s3.send(
        new PutBucketAclCommand({
          Bucket: bucket,
          GrantRead: `emailAddress="nobody-${Date.now()}@example.com"`,
        }),
      ),
    );
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['UnresolvableGrantByEmailAddress', 400]);
    const acl = await server.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(acl.Grants?.map((g) => g.Permission)).toEqual(['FULL_CONTROL']);
  });

  it('follow an address that moves: the old one stops resolving, and an address names one account', async () => {
    const admin = rootAdmin(server);
    const name = uniqueAccountName('frank');
    const first = `${name}@example.com`;
    const created = await admin.createAccount(name, first);
    expect(created.email).toBe(first);
    expect((await admin.listAccounts()).find((a) => a.name === name)?.email).toBe(first);
    const taken = await admin.setEmail(name, erinMail).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(AdminApiError);
    expect((taken as AdminApiError).status).toBe(409);
    const bad = await admin.setEmail(name, 'not an address').catch((e: unknown) => e);
    expect((bad as AdminApiError).status).toBe(400);

    const second = `${name}@example.org`;
    expect((await admin.setEmail(name, second)).email).toBe(second);
    const bucket = await server.bucket('mail-moved', { legacy: true });
    const grant = (address: string) =>
      new PutBucketAclCommand({ Bucket: bucket, GrantRead: `emailAddress="${address}"` });
    expect(await codeOf(server.s3.send(grant(first)))).toBe('UnresolvableGrantByEmailAddress');
    await server.s3.send(grant(second));
    const acl = await server.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(userGrants(acl.Grants)).toContainEqual([created.accountId, 'READ']);
  });
});
