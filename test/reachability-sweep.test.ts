import { createHash } from 'node:crypto';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockStore } from '../src/blocks/index.js';
import { createLogger } from '../src/logger.js';
import { BlobRepository } from '../src/metadata/blob-repository.js';
import { BlockRefRepository } from '../src/metadata/block-ref-repository.js';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { GcQueue } from '../src/metadata/gc-queue.js';
import { LockRepository } from '../src/metadata/lock-repository.js';
import { ReachabilityScan } from '../src/metadata/reachability-scan.js';
import { type ReachabilityDeps, sweepUnreachable } from '../src/storage/background/reachability-sweep.js';
import { connectTestKeyspace, eventually } from './support/block-metadata.js';
import { blockFiles } from './support/disk.js';
import { objectBytes } from './support/object-reads.js';
import { seededBuffer } from './support/seeded-data.js';
import { useServer } from './support/use-server.js';

// The collector runs every second with no grace, so queued blocks go at once; the server's own
// reachability sweep stays at its 6 h default: the tests run passes themselves.
const server = useServer({ OKS3_GC_GRACE_SECONDS: '0', OKS3_GC_INTERVAL_SECONDS: '1' });
let s3: S3Client;
let db: CqlClient;
let deps: ReachabilityDeps;
let bucket: string;
beforeAll(async () => {
  s3 = server.s3;
  db = await connectTestKeyspace();
  deps = {
    scan: new ReachabilityScan(db),
    blobs: new BlobRepository(db),
    refs: new BlockRefRepository(db),
    gcQueue: new GcQueue(db),
    locks: new LockRepository(db),
    store: new BlockStore(server.config.dataDir),
    log: createLogger('silent'),
  };
  bucket = await server.bucket('reach');
});
afterAll(async () => {
  await db?.shutdown();
});

/** Puts an object and returns its one segment's blob id and block hashes. */
async function put(
  key: string,
  body: Buffer,
): Promise<{ blobId: string; versionId: string; hashes: string[] }> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const current = (
    await db.execute('SELECT version_id FROM objects WHERE bucket = ? AND key = ?', [bucket, key])
  ).first();
  const versionId = String(current.get('version_id'));
  const segment = (
    await db.execute('SELECT blob_id FROM version_parts WHERE version_id = ?', [versionId])
  ).first();
  const blobId = String(segment.get('blob_id'));
  const rows = await db.execute('SELECT hash FROM blob_blocks WHERE blob_id = ?', [blobId]);
  return { blobId, versionId, hashes: rows.rows.map((r) => r.get('hash') as string) };
}

/** What a crash leaves when it strikes between a blob's creation and its owner: the version is gone. */
async function forgetVersion(key: string, versionId: string): Promise<void> {
  await db.execute('DELETE FROM version_parts WHERE version_id = ?', [versionId]);
  await db.execute('DELETE FROM object_versions WHERE bucket = ? AND key = ? AND version_id = ?', [
    bucket,
    key,
    versionId,
  ]);
  await db.execute('DELETE FROM objects WHERE bucket = ? AND key = ?', [bucket, key]);
  await db.execute('DELETE FROM version_keys WHERE bucket = ? AND key = ?', [bucket, key]);
}

async function blobExists(blobId: string): Promise<boolean> {
  return (await db.execute('SELECT blob_id FROM blobs WHERE blob_id = ?', [blobId])).rowLength > 0;
}

const onDisk = async (hashes: readonly string[]) => {
  const names = (await blockFiles(server.config.dataDir)).names;
  return hashes.filter((h) => names.has(h)).length;
};

describe('the reachability sweep (safety net under the reference protocol)', () => {
  it('reclaims unowned blobs, dead references and orphan files, and keeps every live and shared block', async () => {
    const shared = await seededBuffer('reach-shared', 3 * 1024 * 1024);
    const kept = await put('kept', shared);
    const leakedTwin = await put('leaked-twin', shared); // same bytes: the same blocks as `kept`
    const leaked = await put('leaked', await seededBuffer('reach-leaked', 3 * 1024 * 1024));
    const deadRefs = await put('dead-refs', await seededBuffer('reach-dead-refs', 3 * 1024 * 1024));
    expect(leaked.hashes.length).toBeGreaterThan(3);
    await forgetVersion('leaked-twin', leakedTwin.versionId);
    await forgetVersion('leaked', leaked.versionId);
    // Only references left: the blob's own rows are gone too.
    await forgetVersion('dead-refs', deadRefs.versionId);
    await db.execute('DELETE FROM blob_blocks WHERE blob_id = ?', [deadRefs.blobId]);
    await db.execute('DELETE FROM blobs WHERE blob_id = ?', [deadRefs.blobId]);
    // A block file no metadata names, a day old.
    const orphanData = Buffer.from(`orphan block ${Date.now()}`);
    const orphan = createHash('sha256').update(orphanData).digest('hex');
    const orphanDir = path.join(server.config.dataDir, orphan.slice(0, 2), orphan.slice(2, 4));
    await mkdir(orphanDir, { recursive: true });
    await writeFile(path.join(orphanDir, orphan), orphanData);
    const dayAgo = new Date(Date.now() - 86_400_000);
    await utimes(path.join(orphanDir, orphan), dayAgo, dayAgo);

    // Young leftovers are spared: they may belong to a write in progress.
    const young = await sweepUnreachable(deps, 3600);
    expect(await blobExists(leaked.blobId)).toBe(true);
    expect(young.unownedBlobsFreed).toBe(0);
    expect(young.orphanFilesQueued).toBeGreaterThanOrEqual(1);

    await new Promise((r) => setTimeout(r, 1100));
    const report = await sweepUnreachable(deps, 1);
    expect(report.unownedBlobsFreed).toBeGreaterThanOrEqual(2);
    expect(report.deadReferencesRemoved).toBeGreaterThanOrEqual(deadRefs.hashes.length);
    expect(report.ownedBlobs).toBeGreaterThanOrEqual(1);
    expect(await blobExists(leaked.blobId)).toBe(false);
    expect(await blobExists(leakedTwin.blobId)).toBe(false);
    expect(await blobExists(kept.blobId)).toBe(true);

    const drained = await eventually(
      async () =>
        (await onDisk(leaked.hashes)) === 0 &&
        (await onDisk(deadRefs.hashes)) === 0 &&
        (await onDisk([orphan])) === 0,
      20_000,
    );
    expect(drained).toBe(true);
    expect(await onDisk(kept.hashes)).toBe(kept.hashes.length);
    expect((await objectBytes(s3, bucket, 'kept')).equals(shared)).toBe(true);
  });
});
