import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetObjectAclCommand,
  ListMultipartUploadsCommand,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_USERS } from '../src/accounts/grants.js';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { newAccount, type TestAccount } from './support/accounts.js';
import { connectTestKeyspace } from './support/block-metadata.js';
import { failure } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let db: CqlClient;
let bob: TestAccount;
beforeAll(async () => {
  db = await connectTestKeyspace();
  bob = await newAccount(server, 'side-data');
});
afterAll(async () => {
  await db?.shutdown();
});

const aclRows = async (bucket: string, key: string) =>
  (await db.execute('SELECT version_id FROM object_acls WHERE bucket = ? AND key = ?', [bucket, key]))
    .rowLength;

describe("a version's side data (its ACL) lives and dies with the version", () => {
  it('is deleted when the version is: overwrite and DELETE leave no ACL row behind', async () => {
    const bucket = await server.bucket('side', { legacy: true });
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v1', ACL: 'public-read' }));
    expect(await aclRows(bucket, 'k')).toBe(1);
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v2', ACL: 'public-read' }));
    // The overwritten version released its ACL; only the new version's remains.
    expect(await aclRows(bucket, 'k')).toBe(1);
    await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await aclRows(bucket, 'k')).toBe(0);
  });

  it('is per version in a versioned bucket, and GetObjectAcl/PutObjectAcl take versionId', async () => {
    const bucket = await server.bucket('side-versions', { versioning: 'Enabled', legacy: true });
    const v1 = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one' }));
    const v2 = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two' }));
    await server.s3.send(
      new PutObjectAclCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId, ACL: 'public-read' }),
    );
    const old = await server.s3.send(
      new GetObjectAclCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }),
    );
    const current = await server.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'k' }));
    expect(old.Grants?.some((g) => g.Grantee?.URI === ALL_USERS)).toBe(true);
    expect(current.Grants?.some((g) => g.Grantee?.URI === ALL_USERS)).toBe(false);
    expect(v2.VersionId).not.toBe(v1.VersionId);
    const missing = await failure(
      server.s3.send(
        new GetObjectAclCommand({
          Bucket: bucket,
          Key: 'k',
          VersionId: '00000000-0000-1000-8000-000000000000',
        }),
      ),
    );
    expect(missing.name).toBe('NoSuchVersion');
    await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }));
    expect(await aclRows(bucket, 'k')).toBe(0);
  });
});

const tagRows = async (bucket: string, key: string) =>
  (await db.execute('SELECT version_id FROM object_tags WHERE bucket = ? AND key = ?', [bucket, key]))
    .rowLength;

describe("a version's tags are side data too: freed with the version", () => {
  it('overwrite and DELETE leave no tag row behind, and DeleteObjectTagging removes its row', async () => {
    const bucket = await server.bucket('side-tags');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v1', Tagging: 'a=1' }));
    expect(await tagRows(bucket, 'k')).toBe(1);
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v2', Tagging: 'a=2' }));
    // The overwritten version released its tags; only the new version's remain.
    expect(await tagRows(bucket, 'k')).toBe(1);
    await server.s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'k' }));
    expect(await tagRows(bucket, 'k')).toBe(0);
    await server.s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'k',
        Tagging: { TagSet: [{ Key: 'b', Value: '' }] },
      }),
    );
    expect(await tagRows(bucket, 'k')).toBe(1);
    await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await tagRows(bucket, 'k')).toBe(0);
  });

  it('in a versioned bucket, deleting one version by id frees only its tags', async () => {
    const bucket = await server.bucket('side-tags-versions', { versioning: 'Enabled' });
    const v1 = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '1', Tagging: 'v=1' }),
    );
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '2', Tagging: 'v=2' }));
    // A delete marker keeps both versions, and their tags.
    await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await tagRows(bucket, 'k')).toBe(2);
    await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }));
    expect(await tagRows(bucket, 'k')).toBe(1);
  });
});

describe('a bucket READ grant lists multipart uploads too (S3 ACL semantics)', () => {
  it('lets the grantee list the uploads of a bucket it may list, and nothing without the grant', async () => {
    const bucket = await server.bucket('uploads-read', { legacy: true });
    await server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'open' }));
    expect((await failure(bob.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket })))).name).toBe(
      'AccessDenied',
    );
    await server.s3.send(
      new PutBucketAclCommand({ Bucket: bucket, GrantRead: `id="${bob.account.accountId}"` }),
    );
    const listed = await bob.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(listed.Uploads?.map((u) => u.Key)).toEqual(['open']);
  });
});
