import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { blockFiles } from './support/disk.js';
import { codeOf } from './support/s3-failure.js';
import { seededBuffer } from './support/seeded-data.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

// Zero grace and a pass a second: a block nothing references goes within about a second.
const server = useServer({ OKS3_GC_GRACE_SECONDS: '0', OKS3_GC_INTERVAL_SECONDS: '1' });

/** Puts an object and returns the block files it added to the data folder. */
async function putCounting(Bucket: string, Key: string, Body: Buffer, lock?: Date) {
  const before = (await blockFiles(server.config.dataDir)).names;
  const res = await server.s3.send(
    new PutObjectCommand({
      Bucket,
      Key,
      Body,
      ...(lock ? { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: lock } : {}),
    }),
  );
  const after = (await blockFiles(server.config.dataDir)).names;
  return { versionId: res.VersionId, blocks: [...after].filter((n) => !before.has(n)) };
}

async function waitUntilCollected(gone: string[], timeoutMs = 30_000): Promise<Set<string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = (await blockFiles(server.config.dataDir)).names;
    if (gone.every((n) => !names.has(n)) || Date.now() > deadline) return names;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Object Lock and garbage collection', () => {
  it('a locked version keeps every block it shares with deleted objects, byte for byte, through GC passes', async () => {
    const locked = uniqueBucket('lockgc');
    const plain = uniqueBucket('lockgc-plain');
    await server.s3.send(new CreateBucketCommand({ Bucket: locked, ObjectLockEnabledForBucket: true }));
    await server.s3.send(new CreateBucketCommand({ Bucket: plain }));
    const shared = await seededBuffer('lock-gc-shared', 3_000_000);
    const tail = await seededBuffer('lock-gc-tail', 2_000_000);
    const until = new Date(Date.now() + 86_400_000);
    const kept = await putCounting(locked, 'kept.bin', shared, until);
    expect(kept.blocks.length).toBeGreaterThan(3);
    // The same bytes, deduplicated, in another bucket and another key of the lock bucket; plus a tail.
    const other = await putCounting(plain, 'other.bin', Buffer.concat([shared, tail]));
    const twin = await putCounting(locked, 'twin.bin', shared);
    expect(twin.blocks).toEqual([]);
    expect(other.blocks.length).toBeGreaterThan(1);

    await server.s3.send(new DeleteObjectCommand({ Bucket: plain, Key: 'other.bin' }));
    await server.s3.send(
      new DeleteObjectCommand({ Bucket: locked, Key: 'twin.bin', VersionId: twin.versionId }),
    );
    // A delete marker hides the locked object, which stays below it.
    await server.s3.send(new DeleteObjectCommand({ Bucket: locked, Key: 'kept.bin' }));
    expect(
      await codeOf(
        server.s3.send(
          new DeleteObjectCommand({ Bucket: locked, Key: 'kept.bin', VersionId: kept.versionId }),
        ),
      ),
    ).toBe('AccessDenied');

    // The collector ran: the blocks only the deleted object used are gone...
    const left = await waitUntilCollected(other.blocks);
    expect(other.blocks.filter((b) => left.has(b))).toEqual([]);
    // ...and after more passes every block of the locked version is still there.
    await new Promise((r) => setTimeout(r, 2500));
    const now = (await blockFiles(server.config.dataDir)).names;
    expect(kept.blocks.filter((b) => !now.has(b))).toEqual([]);
    const res = await server.s3.send(
      new GetObjectCommand({ Bucket: locked, Key: 'kept.bin', VersionId: kept.versionId }),
    );
    expect(Buffer.from(await res.Body!.transformToByteArray()).equals(shared)).toBe(true);
  });
});
