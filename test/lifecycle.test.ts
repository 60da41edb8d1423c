import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteBucketLifecycleCommand,
  DeleteObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type LifecycleRule,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { eventually } from './support/block-metadata.js';
import { blockFiles } from './support/disk.js';
import { failure } from './support/s3-failure.js';
import { seededBuffer } from './support/seeded-data.js';
import { useServer } from './support/use-server.js';

// One lifecycle day is 2 s and a pass runs every second, so a Days=1 rule acts within seconds.
// Collection without grace, so the blocks an aborted upload released are seen to go.
const DAY_SECONDS = 2;
const server = useServer({
  OKS3_LIFECYCLE_DAY_SECONDS: String(DAY_SECONDS),
  OKS3_LIFECYCLE_INTERVAL_SECONDS: '1',
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
});

/** The longest a rule of Days=1 may take: up to two lifecycle days of rounding, then a pass. */
const EXPIRY_BOUND_MS = 2 * DAY_SECONDS * 1000 + 8000;

const putRules = (Bucket: string, Rules: LifecycleRule[]) =>
  server.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }));

const put = (Bucket: string, Key: string, Body: string | Buffer = 'data', Tagging?: string) =>
  server.s3.send(new PutObjectCommand({ Bucket, Key, Body, Tagging }));

async function keys(Bucket: string, Prefix = ''): Promise<string[]> {
  const res = await server.s3.send(new ListObjectsV2Command({ Bucket, Prefix }));
  return (res.Contents ?? []).map((o) => o.Key!);
}

/** Waits until the executor finished `n` more passes, so what it left alone is known to be kept. */
async function passes(n: number): Promise<void> {
  const target = server.running.lifecycle.totals.passes + n;
  const done = await eventually(async () => server.running.lifecycle.totals.passes >= target, 15_000, 100);
  expect(done).toBe(true);
}

/** The expiry S3 would announce: creation + days, rounded up to the next lifecycle midnight. */
async function expectedExpiry(bucket: string, key: string, days: number): Promise<string> {
  const version = await server.running.context.objects.current(bucket, key);
  const dayMs = DAY_SECONDS * 1000;
  return new Date(Math.ceil((version!.lastModified.getTime() + days * dayMs) / dayMs) * dayMs).toUTCString();
}

describe('lifecycle expiration of current versions', () => {
  it('expires the objects under a Days=1 prefix rule and keeps the others', async () => {
    const bucket = await server.bucket('lc-prefix');
    await putRules(bucket, [
      { ID: 'logs-1d', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 1 } },
    ]);
    const expiredBefore = server.running.lifecycle.totals.objectsExpired;
    const written = await put(bucket, 'logs/a');
    await put(bucket, 'logs/b');
    await put(bucket, 'keep/c');
    const expiry = await expectedExpiry(bucket, 'logs/a', 1);
    // Not before the announced time (at least a lifecycle day away): the objects are all there.
    expect(await keys(bucket)).toEqual(['keep/c', 'logs/a', 'logs/b']);
    expect(Date.now()).toBeLessThan(Date.parse(expiry));
    expect(written.Expiration).toBe(`expiry-date="${expiry}", rule-id="logs-1d"`);
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'logs/a' }));
    expect(head.Expiration).toBe(`expiry-date="${expiry}", rule-id="logs-1d"`);
    const got = await server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/a' }));
    expect(got.Expiration).toBe(`expiry-date="${expiry}", rule-id="logs-1d"`);
    await got.Body!.transformToString();
    const copied = await server.s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'logs/copy', CopySource: `${bucket}/logs/a` }),
    );
    expect(copied.Expiration).toBe(
      `expiry-date="${await expectedExpiry(bucket, 'logs/copy', 1)}", rule-id="logs-1d"`,
    );
    const { UploadId } = await server.s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'logs/mp' }),
    );
    const part = await server.s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'logs/mp', UploadId, PartNumber: 1, Body: 'part' }),
    );
    const completed = await server.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'logs/mp',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(completed.Expiration).toBe(
      `expiry-date="${await expectedExpiry(bucket, 'logs/mp', 1)}", rule-id="logs-1d"`,
    );
    const kept = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'keep/c' }));
    expect(kept.Expiration).toBeUndefined();

    expect(await eventually(async () => (await keys(bucket, 'logs/')).length === 0, EXPIRY_BOUND_MS)).toBe(
      true,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiry));
    await passes(2);
    expect(await keys(bucket)).toEqual(['keep/c']);
    expect(server.running.lifecycle.totals.objectsExpired - expiredBefore).toBeGreaterThanOrEqual(4);
  });

  it('selects by tag, and by size under And with a prefix', async () => {
    const bucket = await server.bucket('lc-filters');
    await putRules(bucket, [
      {
        ID: 'tagged',
        Status: 'Enabled',
        Filter: { Tag: { Key: 'expire', Value: 'yes' } },
        Expiration: { Days: 1 },
      },
      {
        ID: 'big',
        Status: 'Enabled',
        Filter: { And: { Prefix: 'big/', ObjectSizeGreaterThan: 10 } },
        Expiration: { Days: 1 },
      },
      { ID: 'tiny', Status: 'Enabled', Filter: { ObjectSizeLessThan: 2 }, Expiration: { Days: 1 } },
      { ID: 'off', Status: 'Disabled', Filter: { Prefix: 'off/' }, Expiration: { Days: 1 } },
    ]);
    await put(bucket, 't/tagged', 'data', 'expire=yes');
    await put(bucket, 't/other-value', 'data', 'expire=no');
    await put(bucket, 't/untagged');
    await put(bucket, 'big/large', 'x'.repeat(20));
    await put(bucket, 'big/small', 'xyz');
    await put(bucket, 'small/one', 'x');
    await put(bucket, 'off/kept');
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 't/tagged' }));
    expect(head.Expiration).toBe(
      `expiry-date="${await expectedExpiry(bucket, 't/tagged', 1)}", rule-id="tagged"`,
    );
    const gone = ['big/large', 'small/one', 't/tagged'];
    expect(
      await eventually(async () => !(await keys(bucket)).some((k) => gone.includes(k)), EXPIRY_BOUND_MS),
    ).toBe(true);
    await passes(2);
    expect(await keys(bucket)).toEqual(['big/small', 'off/kept', 't/other-value', 't/untagged']);
  });

  it('an Expiration Date already past expires at the next pass, and is announced as that date', async () => {
    const bucket = await server.bucket('lc-date');
    await putRules(bucket, [
      {
        ID: 'dated',
        Status: 'Enabled',
        Filter: { Prefix: 'd/' },
        Expiration: { Date: new Date('2020-01-01T00:00:00Z') },
      },
    ]);
    const written = await put(bucket, 'd/x');
    expect(written.Expiration).toBe('expiry-date="Wed, 01 Jan 2020 00:00:00 GMT", rule-id="dated"');
    await put(bucket, 'e/y');
    expect(await eventually(async () => (await keys(bucket, 'd/')).length === 0, 10_000)).toBe(true);
    expect(await keys(bucket)).toEqual(['e/y']);
  });
});

describe('lifecycle in versioned buckets', () => {
  const versionsOf = async (Bucket: string, Prefix: string) => {
    const res = await server.s3.send(new ListObjectVersionsCommand({ Bucket, Prefix }));
    return {
      versions: (res.Versions ?? []).map((v) => v.VersionId!),
      markers: (res.DeleteMarkers ?? []).map((m) => ({ key: m.Key!, latest: m.IsLatest })),
    };
  };

  it('Expiration adds a delete marker; the version stays as noncurrent', async () => {
    const bucket = await server.bucket('lc-ver', { versioning: 'Enabled' });
    await putRules(bucket, [
      { ID: 'cur', Status: 'Enabled', Filter: { Prefix: 'cur/' }, Expiration: { Days: 1 } },
    ]);
    const { VersionId } = await put(bucket, 'cur/a');
    expect(
      await eventually(async () => (await versionsOf(bucket, 'cur/')).markers.length === 1, EXPIRY_BOUND_MS),
    ).toBe(true);
    await passes(2);
    expect(await versionsOf(bucket, 'cur/')).toEqual({
      versions: [VersionId],
      markers: [{ key: 'cur/a', latest: true }],
    });
    const err = await failure(server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cur/a' })));
    expect(err.name).toBe('NoSuchKey');
  });

  it('NoncurrentVersionExpiration removes old noncurrent versions, keeping NewerNoncurrentVersions', async () => {
    const bucket = await server.bucket('lc-noncur', { versioning: 'Enabled' });
    await putRules(bucket, [
      {
        ID: 'nc',
        Status: 'Enabled',
        Filter: { Prefix: 'nc/' },
        NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 },
      },
    ]);
    const ids: string[] = [];
    for (const body of ['v1', 'v2', 'v3', 'v4']) ids.push((await put(bucket, 'nc/k', body)).VersionId!);
    const other = (await put(bucket, 'other/k', 'a')).VersionId!;
    const otherNew = (await put(bucket, 'other/k', 'b')).VersionId!;
    expect((await versionsOf(bucket, 'nc/')).versions).toHaveLength(4);
    expect(
      await eventually(async () => (await versionsOf(bucket, 'nc/')).versions.length <= 2, EXPIRY_BOUND_MS),
    ).toBe(true);
    await passes(2);
    // v4 is current, v3 the one newer noncurrent version kept; v2 and v1 are gone.
    expect((await versionsOf(bucket, 'nc/')).versions).toEqual([ids[3], ids[2]]);
    expect((await versionsOf(bucket, 'other/')).versions).toEqual([otherNew, other]);
  });

  it('ExpiredObjectDeleteMarker removes a delete marker once it is the only version left', async () => {
    const bucket = await server.bucket('lc-marker', { versioning: 'Enabled' });
    await putRules(bucket, [
      {
        ID: 'markers',
        Status: 'Enabled',
        Filter: { Prefix: 'dm/' },
        Expiration: { ExpiredObjectDeleteMarker: true },
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      },
    ]);
    await put(bucket, 'dm/x');
    await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'dm/x' }));
    const y = (await put(bucket, 'dm/y')).VersionId!;
    const before = await versionsOf(bucket, 'dm/');
    expect(before.versions).toHaveLength(2);
    expect(before.markers).toEqual([{ key: 'dm/x', latest: true }]);
    expect(
      await eventually(async () => (await versionsOf(bucket, 'dm/')).markers.length === 0, EXPIRY_BOUND_MS),
    ).toBe(true);
    await passes(2);
    // dm/y is current and has no noncurrent versions: untouched.
    const after = await versionsOf(bucket, 'dm/');
    expect(after.markers).toEqual([]);
    expect(after.versions).toEqual([y]);
    expect(await keys(bucket)).toEqual(['dm/y']);
  });
});

describe('AbortIncompleteMultipartUpload', () => {
  it('aborts an upload older than DaysAfterInitiation under the prefix; its part blocks are released', async () => {
    const bucket = await server.bucket('lc-mpu');
    await putRules(bucket, [
      {
        ID: 'uploads',
        Status: 'Enabled',
        Filter: { Prefix: 'up/' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
    const abortedBefore = server.running.lifecycle.totals.uploadsAborted;
    const create = async (Key: string) =>
      (await server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }))).UploadId!;
    const doomed = await create('up/big');
    const kept = await create('keep/big');
    const before = (await blockFiles(server.config.dataDir)).names;
    await server.s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'up/big',
        UploadId: doomed,
        PartNumber: 1,
        Body: await seededBuffer(`lc-part-${bucket}`, 1_500_000),
      }),
    );
    const partBlocks = [...(await blockFiles(server.config.dataDir)).names].filter((n) => !before.has(n));
    expect(partBlocks.length).toBeGreaterThan(0);
    const uploads = async () =>
      ((await server.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map(
        (u) => u.UploadId,
      );
    expect(await uploads()).toEqual([kept, doomed]);
    expect(await eventually(async () => (await uploads()).length === 1, EXPIRY_BOUND_MS)).toBe(true);
    expect(await uploads()).toEqual([kept]);
    // The listing may miss the upload before the abort that removed it has returned and been counted.
    const aborted = () => server.running.lifecycle.totals.uploadsAborted - abortedBefore;
    expect(await eventually(async () => aborted() > 0, 5000)).toBe(true);
    expect(aborted()).toBe(1);
    const collected = await eventually(async () => {
      const names = (await blockFiles(server.config.dataDir)).names;
      return partBlocks.every((n) => !names.has(n));
    }, 20_000);
    expect(collected).toBe(true);
  });
});

describe('lifecycle configuration through the SDK', () => {
  it('puts, gets back and deletes a configuration; without one Get is NoSuchLifecycleConfiguration', async () => {
    const bucket = await server.bucket('lc-config');
    const none = await failure(
      server.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
    );
    expect([none.$metadata.httpStatusCode, none.name]).toEqual([404, 'NoSuchLifecycleConfiguration']);
    const rules: LifecycleRule[] = [
      { ID: 'a', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
      {
        ID: 'b',
        Status: 'Disabled',
        Filter: { And: { Prefix: 'x/', Tags: [{ Key: 'k', Value: 'v' }], ObjectSizeGreaterThan: 5 } },
        NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 3 },
      },
      { ID: 'c', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
    ];
    await putRules(bucket, rules);
    const got = await server.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(got.Rules).toEqual(rules);
    await server.s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
    const gone = await failure(
      server.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
    );
    expect(gone.name).toBe('NoSuchLifecycleConfiguration');
  });
});
