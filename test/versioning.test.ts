import { randomBytes } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { blockFiles } from './support/disk.js';
import { objectText } from './support/object-reads.js';
import { failure } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer();
const versionedBucket = () => server.bucket('ver', { versioning: 'Enabled' });
/** Version ids are time-based (version 1) UUIDs. */
const VERSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('bucket versioning state machine', () => {
  it('goes Unversioned -> Enabled -> Suspended -> Enabled and rejects anything else', async () => {
    const { s3 } = server;
    const bucket = await server.bucket('state');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();
    for (const status of ['Enabled', 'Suspended', 'Enabled'] as const) {
      await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }),
      );
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe(status);
    }
    const bad = await failure(
      s3.send(
        new PutBucketVersioningCommand({
          Bucket: bucket,
          VersioningConfiguration: { Status: 'Off' as 'Enabled' },
        }),
      ),
    );
    expect(bad.name).toBe('MalformedXML');
  });
});

describe('versioned objects', () => {
  it('keeps every version, reads each by id, and lists them newest first', async () => {
    const { s3 } = server;
    const bucket = await versionedBucket();
    const ids: string[] = [];
    for (const body of ['one', 'two', 'three']) {
      const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: body }));
      expect(put.VersionId).toMatch(VERSION_ID);
      ids.push(put.VersionId!);
    }
    expect(await objectText(s3, bucket, 'doc.txt')).toBe('three');
    expect(await objectText(s3, bucket, 'doc.txt', { VersionId: ids[0] })).toBe('one');
    expect(await objectText(s3, bucket, 'doc.txt', { VersionId: ids[1] })).toBe('two');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
    expect(head.VersionId).toBe(ids[2]);
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([...ids].reverse());
    expect(listed.Versions?.map((v) => v.IsLatest)).toEqual([true, false, false]);
    const missing = await failure(
      s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'doc.txt',
          VersionId: '00000000-0000-1000-8000-000000000000',
        }),
      ),
    );
    expect(missing.name).toBe('NoSuchVersion');
  });

  it('hides a key behind a delete marker and restores it when the marker is deleted', async () => {
    const { s3 } = server;
    const bucket = await versionedBucket();
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b.txt', Body: 'kept' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a/b.txt' }));
    expect(del.DeleteMarker).toBe(true);
    expect(del.VersionId).toMatch(VERSION_ID);
    const hidden = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b.txt' })));
    expect(hidden.$metadata.httpStatusCode).toBe(404);
    expect(hidden.$response?.headers?.['x-amz-delete-marker']).toBe('true');
    const byId = await failure(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'a/b.txt', VersionId: del.VersionId })),
    );
    expect(byId.$metadata.httpStatusCode).toBe(405);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);
    expect(await objectText(s3, bucket, 'a/b.txt', { VersionId: put.VersionId })).toBe('kept');

    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(versions.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[del.VersionId, true]]);
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([[put.VersionId, false]]);

    const undo = await s3.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: 'a/b.txt', VersionId: del.VersionId }),
    );
    expect(undo.DeleteMarker).toBe(true);
    expect(await objectText(s3, bucket, 'a/b.txt')).toBe('kept');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((c) => c.Key)).toEqual(
      ['a/b.txt'],
    );
  });

  it('deletes a version by id for good, and the bucket is empty only when no version is left', async () => {
    const { s3 } = server;
    const bucket = await versionedBucket();
    const v1 = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v1' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v2' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v2.VersionId }));
    expect(await objectText(s3, bucket, 'k')).toBe('v1');
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    const notEmpty = await failure(s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    expect(notEmpty.name).toBe('BucketNotEmpty');
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: {
          Objects: [
            { Key: 'k', VersionId: v1.VersionId },
            { Key: 'k', VersionId: marker.VersionId },
          ],
        },
      }),
    );
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }))).Versions ?? []).toEqual([]);
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  });

  it('overwrites the null version while versioning is suspended and keeps older versions', async () => {
    const { s3 } = server;
    const bucket = await versionedBucket();
    const kept = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'n', Body: 'versioned' }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    const first = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'n', Body: 'null one' }));
    // S3 names no version id on a PUT that wrote the null version.
    expect(first.VersionId).toBeUndefined();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'n', Body: 'null two' }));
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual(['null', kept.VersionId]);
    expect(await objectText(s3, bucket, 'n', { VersionId: 'null' })).toBe('null two');
    expect(await objectText(s3, bucket, 'n', { VersionId: kept.VersionId })).toBe('versioned');
  });

  it('copies a specific source version', async () => {
    const { s3 } = server;
    const bucket = await versionedBucket();
    const old = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'old' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'new' }));
    const copy = await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'dst',
        CopySource: `${bucket}/src?versionId=${old.VersionId}`,
      }),
    );
    expect(copy.CopySourceVersionId).toBe(old.VersionId);
    expect(await objectText(s3, bucket, 'dst')).toBe('old');
  });
});

describe('ListObjectVersions', () => {
  it('paginates with key and version-id markers across delete markers, in byte order', async () => {
    const { s3 } = server;
    const bucket = await versionedBucket();
    const expected: string[] = [];
    for (const key of ['b', 'a', 'c/x', 'c/y']) {
      const ids = [];
      for (let i = 0; i < 3; i++)
        ids.push(
          (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${key}${i}` }))).VersionId!,
        );
      const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      ids.push(marker.VersionId!);
      expected.push(...ids.reverse().map((id) => `${key}@${id}`));
    }
    expected.sort((x, y) => Buffer.compare(Buffer.from(x.split('@')[0]!), Buffer.from(y.split('@')[0]!)));
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (let pages = 0; pages < 30; pages++) {
      const res = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          MaxKeys: 3,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
      const items = [...(res.Versions ?? []), ...(res.DeleteMarkers ?? [])].map((v) => ({
        key: v.Key!,
        id: v.VersionId!,
        t: v.LastModified!,
      }));
      // Within a page the SDK groups versions and markers; order them back by key, newest first.
      const order = new Map(expected.map((e, i) => [e, i]));
      items.sort((x, y) => order.get(`${x.key}@${x.id}`)! - order.get(`${y.key}@${y.id}`)!);
      seen.push(...items.map((i) => `${i.key}@${i.id}`));
      if (!res.IsTruncated) break;
      keyMarker = res.NextKeyMarker;
      versionIdMarker = res.NextVersionIdMarker;
    }
    expect(seen).toEqual(expected);
    const rolled = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Delimiter: '/' }));
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['c/']);
  });

  it('lists an unversioned bucket with version "null"', async () => {
    const { s3 } = server;
    const bucket = await server.bucket('plain');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: '1' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: '2' }));
    const res = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(res.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([['x', 'null', true]]);
  });
});

describe('versions share blocks', () => {
  it('stores ten lightly edited versions of a file for little more than one copy', async () => {
    const { s3 } = server;
    const bucket = await versionedBucket();
    // Each edit costs the block or two around it (about 1.2 MiB at the default sizes, measured),
    // so the file is large against a block, as in the benchmark's 256 MiB case.
    const base = randomBytes(128 * 1024 * 1024);
    const before = await blockFiles(server.config.dataDir);
    for (let i = 0; i < 10; i++) {
      const edited = Buffer.from(base);
      edited.write(`edit number ${i}`, 64 * 1024 * 1024 + i * 1000);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: edited }));
    }
    const after = await blockFiles(server.config.dataDir);
    const added = after.bytes - before.bytes;
    expect(added).toBeLessThan(base.length * 1.2);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(versions.Versions).toHaveLength(10);
    // Deleting one version releases only its own references: the others still read back.
    await s3.send(
      new DeleteObjectCommand({
        Bucket: bucket,
        Key: 'big.bin',
        VersionId: versions.Versions![5]!.VersionId,
      }),
    );
    const oldest = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', VersionId: versions.Versions![9]!.VersionId }),
    );
    const bytes = Buffer.from(await oldest.Body!.transformToByteArray());
    expect(bytes.subarray(0, 4 * 1024 * 1024).equals(base.subarray(0, 4 * 1024 * 1024))).toBe(true);
    console.log(
      `ten versions of 128 MiB: ${added} bytes of blocks (${(added / base.length).toFixed(3)}x one copy)`,
    );
  });
});
