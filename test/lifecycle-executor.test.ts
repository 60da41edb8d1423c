import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { LockRepository } from '../src/metadata/lock-repository.js';
import { connectTestKeyspace } from './support/block-metadata.js';
import { startTestServer, type TestServer, uniqueBucket } from './support/test-server.js';

// Passes run only when a test calls runPass, three keys at most per bucket and pass; assertions
// are about the test's own bucket, since a pass visits every bucket of the run's keyspace.
const ENV = { OKS3_LIFECYCLE_INTERVAL_SECONDS: '0', OKS3_LIFECYCLE_BATCH: '3' };

let db: CqlClient;
beforeAll(async () => {
  db = await connectTestKeyspace();
});
afterAll(async () => {
  await db.shutdown();
});

/** A bucket whose objects under `d/` are all expired already (a Date in the past). */
async function expiringBucket(s3: S3Client, prefix: string): Promise<string> {
  const Bucket = uniqueBucket(prefix);
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: 'past',
            Status: 'Enabled',
            Filter: { Prefix: 'd/' },
            Expiration: { Date: new Date('2020-01-01') },
          },
        ],
      },
    }),
  );
  return Bucket;
}

const put = (s3: S3Client, Bucket: string, Key: string) =>
  s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));

async function keys(s3: S3Client, Bucket: string): Promise<string[]> {
  return ((await s3.send(new ListObjectsV2Command({ Bucket }))).Contents ?? []).map((o) => o.Key!);
}

describe('the lifecycle executor', () => {
  it('works a bounded batch per pass and resumes from its cursor after a restart', async () => {
    let first: TestServer | undefined = await startTestServer(ENV);
    let second: TestServer | undefined;
    try {
      const s3 = first.client();
      const bucket = await expiringBucket(s3, 'lc-resume');
      for (const k of ['d/1', 'd/2', 'd/3', 'd/4', 'd/5', 'd/6']) await put(s3, bucket, k);
      await first.running.lifecycle.runPass();
      expect(await keys(s3, bucket)).toEqual(['d/4', 'd/5', 'd/6']);
      await first.close();
      first = undefined;

      // A key before the cursor: a resumed walk passes it by, a walk started afresh would take it.
      second = await startTestServer(ENV);
      const s3b = second.client();
      await put(s3b, bucket, 'd/0');
      await second.running.lifecycle.runPass();
      expect(await keys(s3b, bucket)).toEqual(['d/0']);
      // The walk reaches the end of the bucket, then the next one starts at the top.
      await second.running.lifecycle.runPass();
      expect(await keys(s3b, bucket)).toEqual(['d/0']);
      expect(second.running.lifecycle.totals.walksCompleted).toBeGreaterThanOrEqual(1);
      await second.running.lifecycle.runPass();
      expect(await keys(s3b, bucket)).toEqual([]);
    } finally {
      await first?.close();
      await second?.close();
    }
  });

  it('leaves a bucket alone while another server holds its lease', async () => {
    const server = await startTestServer(ENV);
    try {
      const s3 = server.client();
      const bucket = await expiringBucket(s3, 'lc-lease');
      await put(s3, bucket, 'd/a');
      const locks = new LockRepository(db);
      const lease = await locks.tryAcquire(`lifecycle:${bucket}`, 30);
      expect(lease).toBeDefined();
      await server.running.lifecycle.runPass();
      await server.running.lifecycle.runPass();
      expect(await keys(s3, bucket)).toEqual(['d/a']);
      await locks.release(lease!);
      await server.running.lifecycle.runPass();
      expect(await keys(s3, bucket)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
