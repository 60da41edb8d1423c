import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { newAccount } from './support/accounts.js';
import { arn, putPolicy } from './support/bucket-policies.js';
import { browserForm, signedPostFields } from './support/post-policy.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { codeOf, failure } from './support/s3-failure.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer({ OKS3_MULTIPART_MIN_PART_SIZE: '1024' });
const DAY_MS = 86_400_000;

afterEach(() => server.running.context.clock.reset());

/** Moves the server's Object Lock clock (RetentionClock), never the system's. */
const advance = (ms: number) => server.running.context.clock.advance(ms / 1000);
const serverNow = () => server.running.context.clock.now().getTime();

async function lockBucket(prefix: string): Promise<string> {
  const name = uniqueBucket(prefix);
  await server.s3.send(new CreateBucketCommand({ Bucket: name, ObjectLockEnabledForBucket: true }));
  return name;
}

async function putLocked(bucket: string, key: string, mode: 'GOVERNANCE' | 'COMPLIANCE', untilMs: number) {
  const res = await server.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: `bytes of ${key}`,
      ObjectLockMode: mode,
      ObjectLockRetainUntilDate: new Date(untilMs),
    }),
  );
  return res.VersionId!;
}

const deleteVersion = (bucket: string, key: string, VersionId: string, bypass = false) =>
  server.s3.send(
    new DeleteObjectCommand({
      Bucket: bucket,
      Key: key,
      VersionId,
      BypassGovernanceRetention: bypass || undefined,
    }),
  );

describe('Object Lock buckets', () => {
  it('CreateBucket with Object Lock enables versioning for good and reports the configuration', async () => {
    const bucket = await lockBucket('lock-create');
    const versioning = await server.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(versioning.Status).toBe('Enabled');
    const config = await server.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(config.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' });
    const suspend = await failure(
      server.s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
      ),
    );
    expect([suspend.$metadata.httpStatusCode, suspend.name]).toEqual([409, 'InvalidBucketState']);
    expect((await server.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
  });

  it('a bucket created without Object Lock has no configuration and cannot be given one', async () => {
    const bucket = uniqueBucket('lock-none');
    await server.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const get = await failure(server.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket })));
    expect([get.$metadata.httpStatusCode, get.name]).toEqual([404, 'ObjectLockConfigurationNotFoundError']);
    const put = await failure(
      server.s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket: bucket,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
        }),
      ),
    );
    expect([put.$metadata.httpStatusCode, put.name]).toEqual([409, 'InvalidBucketState']);
    const retention = await failure(
      server.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', ObjectLockLegalHoldStatus: 'ON' }),
      ),
    );
    expect([retention.$metadata.httpStatusCode, retention.name]).toEqual([400, 'InvalidRequest']);
  });

  it('refuses a default retention with both Days and Years, or a period that is not positive', async () => {
    const bucket = await lockBucket('lock-badcfg');
    const put = (DefaultRetention: Record<string, unknown>) =>
      codeOf(
        server.s3.send(
          new PutObjectLockConfigurationCommand({
            Bucket: bucket,
            ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention } },
          }),
        ),
      );
    expect(await put({ Mode: 'GOVERNANCE', Days: 1, Years: 1 })).toBe('MalformedXML');
    expect(await put({ Mode: 'GOVERNANCE', Days: 0 })).toBe('InvalidArgument');
    expect(await put({ Mode: 'GOVERNANCE', Years: 101 })).toBe('InvalidArgument');
    expect(await put({ Mode: 'SOMETIMES', Days: 1 })).toBe('MalformedXML');
    expect(await put({ Days: 1 })).toBe('MalformedXML');
    const config = await server.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(config.ObjectLockConfiguration?.Rule).toBeUndefined();
  });
});

describe('retention', () => {
  it('a retention until tomorrow blocks deletes by id until the clock passes it; a delete marker is allowed', async () => {
    const bucket = await lockBucket('lock-ret');
    const until = serverNow() + DAY_MS;
    const versionId = await putLocked(bucket, 'doc', 'GOVERNANCE', until);
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc' }));
    expect(head.ObjectLockMode).toBe('GOVERNANCE');
    expect(head.ObjectLockRetainUntilDate?.getTime()).toBe(until);
    const refused = await failure(deleteVersion(bucket, 'doc', versionId));
    expect([refused.$metadata.httpStatusCode, refused.name]).toEqual([403, 'AccessDenied']);
    const batch = await server.s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'doc', VersionId: versionId }] },
      }),
    );
    expect(batch.Errors?.map((e) => [e.Key, e.Code])).toEqual([['doc', 'AccessDenied']]);
    const marker = await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'doc' }));
    expect(marker.DeleteMarker).toBe(true);
    const stored = await server.s3.send(
      new GetObjectRetentionCommand({ Bucket: bucket, Key: 'doc', VersionId: versionId }),
    );
    expect(stored.Retention).toEqual({ Mode: 'GOVERNANCE', RetainUntilDate: new Date(until) });

    advance(DAY_MS + 1000);
    await deleteVersion(bucket, 'doc', versionId);
    const gone = await failure(
      server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc', VersionId: versionId })),
    );
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it('COMPLIANCE refuses root, with or without the bypass, to delete, shorten or remove it; extending works', async () => {
    const bucket = await lockBucket('lock-comp');
    const until = serverNow() + DAY_MS;
    const versionId = await putLocked(bucket, 'c', 'COMPLIANCE', until);
    expect(await codeOf(deleteVersion(bucket, 'c', versionId, true))).toBe('AccessDenied');
    const retention = (Retention: Record<string, unknown>, bypass = true) =>
      codeOf(
        server.s3.send(
          new PutObjectRetentionCommand({
            Bucket: bucket,
            Key: 'c',
            VersionId: versionId,
            Retention,
            BypassGovernanceRetention: bypass,
          }),
        ),
      );
    expect(await retention({ Mode: 'COMPLIANCE', RetainUntilDate: new Date(until - 3600_000) })).toBe(
      'AccessDenied',
    );
    expect(await retention({ Mode: 'GOVERNANCE', RetainUntilDate: new Date(until + 3600_000) })).toBe(
      'AccessDenied',
    );
    expect(await retention({})).toBe('AccessDenied');
    expect(await retention({ Mode: 'COMPLIANCE', RetainUntilDate: new Date(until + 3600_000) }, false)).toBe(
      'no error',
    );
    advance(DAY_MS + 1000);
    // Still retained: the extension moved it one hour past the old date.
    expect(await codeOf(deleteVersion(bucket, 'c', versionId, true))).toBe('AccessDenied');
    advance(3600_000);
    expect(await codeOf(deleteVersion(bucket, 'c', versionId))).toBe('no error');
  });

  it('GOVERNANCE yields to the bypass header only for callers with s3:BypassGovernanceRetention', async () => {
    const bucket = await lockBucket('lock-gov');
    const other = await newAccount(server, 'lock-gov');
    const canDelete = {
      Effect: 'Allow',
      Principal: { AWS: other.account.accountId },
      Action: ['s3:DeleteObjectVersion', 's3:PutObjectRetention', 's3:GetObjectRetention'],
      Resource: arn(bucket, '*'),
    };
    await putPolicy(server.s3, bucket, canDelete);
    const a = await putLocked(bucket, 'a', 'GOVERNANCE', serverNow() + DAY_MS);
    const asOther = (VersionId: string) =>
      other.s3.send(
        new DeleteObjectCommand({ Bucket: bucket, Key: 'a', VersionId, BypassGovernanceRetention: true }),
      );
    expect(await codeOf(asOther(a))).toBe('AccessDenied');
    const shorten = other.s3.send(
      new PutObjectRetentionCommand({
        Bucket: bucket,
        Key: 'a',
        VersionId: a,
        Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(serverNow() + 3600_000) },
        BypassGovernanceRetention: true,
      }),
    );
    expect(await codeOf(shorten)).toBe('AccessDenied');
    await putPolicy(server.s3, bucket, canDelete, {
      Effect: 'Allow',
      Principal: { AWS: other.account.accountId },
      Action: 's3:BypassGovernanceRetention',
      Resource: arn(bucket, '*'),
    });
    // Without the header the permission alone does nothing.
    expect(
      await codeOf(other.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a', VersionId: a }))),
    ).toBe('AccessDenied');
    expect(await codeOf(asOther(a))).toBe('no error');
    // The bucket owner holds the permission unless a policy denies it.
    const b = await putLocked(bucket, 'b', 'GOVERNANCE', serverNow() + DAY_MS);
    expect(await codeOf(deleteVersion(bucket, 'b', b))).toBe('AccessDenied');
    const batch = (BypassGovernanceRetention?: boolean) =>
      server.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          BypassGovernanceRetention,
          Delete: { Objects: [{ Key: 'b', VersionId: b }] },
        }),
      );
    expect((await batch()).Errors?.map((e) => e.Code)).toEqual(['AccessDenied']);
    const bypassed = await batch(true);
    expect([bypassed.Errors ?? [], bypassed.Deleted?.map((d) => d.VersionId)]).toEqual([[], [b]]);
  });

  it('checks lock headers on PUT: both or neither, a future ISO date, a digest of the body', async () => {
    const bucket = await lockBucket('lock-hdr');
    const put = async (headers: Record<string, string>) => {
      const body = 'locked body';
      const signed = await signRequest(server.port, {
        method: 'PUT',
        path: `/${bucket}/h`,
        headers: { 'content-length': String(body.length), ...headers },
        body,
      });
      const res = await sendRaw(server.port, signed);
      return `${res.status} ${res.code ?? ''}`.trim();
    };
    const future = new Date(Date.now() + DAY_MS).toISOString();
    const md5 = createHash('md5').update('locked body').digest('base64');
    expect(await put({ 'x-amz-object-lock-mode': 'GOVERNANCE', 'content-md5': md5 })).toBe(
      '400 InvalidArgument',
    );
    expect(
      await put({
        'x-amz-object-lock-mode': 'GOVERNANCE',
        'x-amz-object-lock-retain-until-date': '2001-01-01T00:00:00Z',
        'content-md5': md5,
      }),
    ).toBe('400 InvalidArgument');
    expect(
      await put({
        'x-amz-object-lock-mode': 'FOREVER',
        'x-amz-object-lock-retain-until-date': future,
        'content-md5': md5,
      }),
    ).toBe('400 InvalidArgument');
    expect(
      await put({ 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': future }),
    ).toBe('400 InvalidRequest');
    expect(await put({ 'x-amz-object-lock-legal-hold': 'MAYBE', 'content-md5': md5 })).toBe(
      '400 InvalidArgument',
    );
    expect(
      await put({
        'x-amz-object-lock-mode': 'GOVERNANCE',
        'x-amz-object-lock-retain-until-date': future,
        'content-md5': md5,
      }),
    ).toBe('200');
  });
});

describe('legal hold', () => {
  it('blocks every delete of the version until it is removed, bypass or not', async () => {
    const bucket = await lockBucket('lock-hold');
    const put = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'h', Body: 'held', ObjectLockLegalHoldStatus: 'ON' }),
    );
    const versionId = put.VersionId!;
    expect(
      (await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'h' }))).ObjectLockLegalHoldStatus,
    ).toBe('ON');
    expect(await codeOf(deleteVersion(bucket, 'h', versionId, true))).toBe('AccessDenied');
    const hold = (Status: 'ON' | 'OFF') =>
      server.s3.send(
        new PutObjectLegalHoldCommand({
          Bucket: bucket,
          Key: 'h',
          VersionId: versionId,
          LegalHold: { Status },
        }),
      );
    await hold('OFF');
    const read = await server.s3.send(
      new GetObjectLegalHoldCommand({ Bucket: bucket, Key: 'h', VersionId: versionId }),
    );
    expect(read.LegalHold?.Status).toBe('OFF');
    expect(await codeOf(deleteVersion(bucket, 'h', versionId))).toBe('no error');
    const none = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'n', Body: 'x' }));
    expect(
      await codeOf(
        server.s3.send(
          new GetObjectLegalHoldCommand({ Bucket: bucket, Key: 'n', VersionId: none.VersionId }),
        ),
      ),
    ).toBe('NoSuchObjectLockConfiguration');
    expect(await codeOf(server.s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: 'n' })))).toBe(
      'NoSuchObjectLockConfiguration',
    );
  });
});

describe('default retention', () => {
  it('applies to new PUTs, copies and multipart uploads, from the moment each is written', async () => {
    const bucket = await lockBucket('lock-default');
    await server.s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
        },
      }),
    );
    const config = await server.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(config.ObjectLockConfiguration?.Rule?.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 1 });
    advance(3600_000); // the defaults run from the server's clock, moved an hour ahead
    const before = serverNow();
    const put = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'p', Body: 'put' }));
    await server.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'c', CopySource: `${bucket}/p` }));
    const { UploadId } = await server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'm' }));
    const part = await server.s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'm',
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(2048, 7),
      }),
    );
    const done = await server.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'm',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    const after = serverNow();
    for (const key of ['p', 'c', 'm']) {
      const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
      const until = head.ObjectLockRetainUntilDate!.getTime();
      expect(until).toBeGreaterThanOrEqual(before + DAY_MS - 1000); // header precision is 1 ms
      expect(until).toBeLessThanOrEqual(after + DAY_MS);
    }
    expect(await codeOf(deleteVersion(bucket, 'm', done.VersionId!, true))).toBe('AccessDenied');
    expect(await codeOf(deleteVersion(bucket, 'p', put.VersionId!, true))).toBe('AccessDenied');
  });

  it('an explicit retention on the request wins over the default, on multipart too', async () => {
    const bucket = await lockBucket('lock-explicit');
    await server.s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } },
        },
      }),
    );
    const until = new Date(serverNow() + 2 * DAY_MS);
    const { UploadId } = await server.s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: 'm',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: until,
        ObjectLockLegalHoldStatus: 'ON',
      }),
    );
    const part = await server.s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'm',
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(2048, 3),
      }),
    );
    await server.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'm',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'm' }));
    expect([
      head.ObjectLockMode,
      head.ObjectLockRetainUntilDate?.getTime(),
      head.ObjectLockLegalHoldStatus,
    ]).toEqual(['GOVERNANCE', until.getTime(), 'ON']);
  });
});

describe('PostObject', () => {
  it('takes the lock fields of a form, as S3 reads them under the header names', async () => {
    const bucket = await lockBucket('lock-post');
    const until = new Date(serverNow() + DAY_MS);
    const lockFields = {
      'x-amz-object-lock-mode': 'GOVERNANCE',
      'x-amz-object-lock-retain-until-date': until.toISOString(),
      'x-amz-object-lock-legal-hold': 'ON',
    };
    const fields = signedPostFields({
      bucket,
      key: 'form.bin',
      fields: lockFields,
      conditions: Object.entries(lockFields).map(([name, value]) => ['eq', `$${name}`, value]),
    });
    const res = await fetch(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      body: browserForm(fields, { name: 'form.bin', data: 'posted' }),
    });
    expect([res.status, await res.text()]).toEqual([204, '']);
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'form.bin' }));
    expect([
      head.ObjectLockMode,
      head.ObjectLockRetainUntilDate?.getTime(),
      head.ObjectLockLegalHoldStatus,
    ]).toEqual(['GOVERNANCE', until.getTime(), 'ON']);
    expect(await codeOf(deleteVersion(bucket, 'form.bin', head.VersionId!, true))).toBe('AccessDenied');
  });
});

describe('lock headers on reads', () => {
  it('shows retention and legal hold only to callers allowed to read them, as S3 does', async () => {
    const bucket = await lockBucket('lock-read');
    const reader = await newAccount(server, 'lock-read');
    const until = serverNow() + DAY_MS;
    await server.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'r',
        Body: 'read me',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: new Date(until),
        ObjectLockLegalHoldStatus: 'ON',
      }),
    );
    const allow = (Action: string[]) =>
      putPolicy(server.s3, bucket, {
        Effect: 'Allow',
        Principal: { AWS: reader.account.accountId },
        Action,
        Resource: arn(bucket, '*'),
      });
    const seen = async () => {
      const head = await reader.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'r' }));
      return [head.ObjectLockMode, head.ObjectLockRetainUntilDate?.getTime(), head.ObjectLockLegalHoldStatus];
    };
    await allow(['s3:GetObject']);
    expect(await seen()).toEqual([undefined, undefined, undefined]);
    await allow(['s3:GetObject', 's3:GetObjectRetention']);
    expect(await seen()).toEqual(['GOVERNANCE', until, undefined]);
    await allow(['s3:GetObject', 's3:GetObjectLegalHold']);
    expect(await seen()).toEqual([undefined, undefined, 'ON']);
  });
});
