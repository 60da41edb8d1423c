import { createHash } from 'node:crypto';
import { open, readFile, unlink, utimes } from 'node:fs/promises';
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockStore } from '../src/blocks/index.js';
import { createLogger } from '../src/logger.js';
import { BlockRefRepository } from '../src/metadata/block-ref-repository.js';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { LockRepository } from '../src/metadata/lock-repository.js';
import { ReachabilityScan } from '../src/metadata/reachability-scan.js';
import { ScrubProgressRepository } from '../src/metadata/scrub-progress-repository.js';
import { type ScrubDeps, type ScrubReport, scrubRound } from '../src/storage/background/scrubber.js';
import { rootAdmin } from './support/accounts.js';
import { connectTestKeyspace } from './support/block-metadata.js';
import { TEST_KEYSPACE } from './support/constants.js';
import { blockFiles } from './support/disk.js';
import { objectBytes } from './support/object-reads.js';
import { seededBuffer } from './support/seeded-data.js';
import { useServer } from './support/use-server.js';

/**
 * The scrubber on a keyspace of its own: it checks every reference in the keyspace against this
 * server's data folder, and the run's shared keyspace names blocks of other files' servers.
 * The background scrubber is off; the tests run rounds through the admin API and the store.
 */
const KEYSPACE = `${TEST_KEYSPACE}_scrub`;
const server = useServer({ OKS3_KEYSPACE: KEYSPACE, OKS3_SCRUB_INTERVAL_SECONDS: '0' });
let s3: S3Client;
let db: CqlClient;
let bucket: string;
const data = {} as Record<'a' | 'b' | 'c' | 'part', Buffer>;
const damaged = { corrupt: '', missing: '', inPart: '', versions: {} as Record<string, string> };
let uploadId: string;
let orphan: string;

beforeAll(async () => {
  s3 = server.s3;
  db = await connectTestKeyspace(KEYSPACE);
  bucket = await server.bucket('scrub');
  for (const key of ['a', 'b', 'c'] as const) {
    data[key] = await seededBuffer(`scrub-${key}`, 3 * 1024 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data[key] }));
  }
  data.part = await seededBuffer('scrub-part', 1024 * 1024);
  uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'd' }))).UploadId!;
  await s3.send(
    new UploadPartCommand({ Bucket: bucket, Key: 'd', UploadId: uploadId, PartNumber: 1, Body: data.part }),
  );

  const a = await blocksOfKey('a');
  const b = await blocksOfKey('b');
  damaged.corrupt = a.hashes[1]!;
  damaged.missing = b.hashes[0]!;
  damaged.versions = { a: a.versionId, b: b.versionId };
  const part = (await db.execute('SELECT blob_id FROM upload_parts WHERE upload_id = ?', [uploadId])).first();
  damaged.inPart = (await hashesOfBlob(String(part.get('blob_id'))))[0]!;

  const store = new BlockStore(server.config.dataDir);
  await flipOneByte(store.pathOf(damaged.corrupt));
  await flipOneByte(store.pathOf(damaged.inPart));
  await unlink(store.pathOf(damaged.missing));
  // A file nothing names, older than the guard: what a crash before the first reference leaves.
  const bytes = await seededBuffer('scrub-orphan', 10_000);
  orphan = createHash('sha256').update(bytes).digest('hex');
  await store.put(orphan, bytes);
  const old = new Date(Date.now() - 2 * 3600_000);
  await utimes(store.pathOf(orphan), old, old);
});
afterAll(async () => {
  await db?.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`).catch(() => {});
  await db?.shutdown();
});

async function hashesOfBlob(blobId: string): Promise<string[]> {
  const rows = await db.execute('SELECT hash FROM blob_blocks WHERE blob_id = ?', [blobId]);
  return rows.rows.map((r) => r.get('hash') as string);
}

async function blocksOfKey(key: string): Promise<{ versionId: string; hashes: string[] }> {
  const current = (
    await db.execute('SELECT version_id FROM objects WHERE bucket = ? AND key = ?', [bucket, key])
  ).first();
  const versionId = String(current.get('version_id'));
  const segment = (
    await db.execute('SELECT blob_id FROM version_parts WHERE version_id = ?', [versionId])
  ).first();
  return { versionId, hashes: await hashesOfBlob(String(segment.get('blob_id'))) };
}

/** Bit rot: one byte of the file changes, its size and name do not. */
async function flipOneByte(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 1000);
    byte[0] = byte[0]! ^ 0x01;
    await handle.write(byte, 0, 1, 1000);
  } finally {
    await handle.close();
  }
}

function expectedAffected(): ScrubReport['affected'] {
  return {
    [bucket]: [
      { key: 'a', versionId: damaged.versions.a!, blocks: [damaged.corrupt] },
      { key: 'b', versionId: damaged.versions.b!, blocks: [damaged.missing] },
      { key: 'd', uploadId, blocks: [damaged.inPart] },
    ],
  };
}

describe('scrub', () => {
  it('finds the flipped bytes, the deleted file and the orphan, and names the objects they touch', async () => {
    const onDisk = await blockFiles(server.config.dataDir);
    const report = await rootAdmin(server).scrub();
    expect(report.filesChecked).toBe(onDisk.count);
    expect(report.bytesChecked).toBe(onDisk.bytes);
    expect(report.corrupt).toEqual([damaged.corrupt, damaged.inPart].sort());
    expect(report.missing).toEqual([damaged.missing]);
    expect(report.unreferencedFiles).toBe(1);
    expect(report.resumed).toBe(false);
    expect(report.affected).toEqual(expectedAffected());
    expect(await rootAdmin(server).lastScrub()).toEqual(report);
  });

  it('fails the reads of damaged objects instead of answering wrong bytes, and serves the rest', async () => {
    for (const key of ['a', 'b']) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.ContentLength).toBe(3 * 1024 * 1024);
      const read = (async () => {
        const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await res.Body!.transformToByteArray());
      })();
      await expect(read).rejects.toThrow();
    }
    expect((await objectBytes(s3, bucket, 'c')).equals(data.c)).toBe(true);
  });

  it('resumes an interrupted round after the last file it verified, verifying each file once', async () => {
    const store = new BlockStore(server.config.dataDir);
    const verified: string[] = [];
    const stop = new AbortController();
    const counting: ScrubDeps['store'] = {
      list: (after) => store.list(after),
      has: (hash) => store.has(hash),
      verify: async (hash) => {
        verified.push(hash);
        if (verified.length === 5) stop.abort(new Error('stopped'));
        return store.verify(hash);
      },
    };
    const deps: ScrubDeps = {
      store: counting,
      refs: new BlockRefRepository(db),
      scan: new ReachabilityScan(db),
      scrubProgress: new ScrubProgressRepository(db),
      locks: new LockRepository(db),
      log: createLogger('silent'),
    };
    const opts = { bytesPerSecond: 0, guardSeconds: 3600 };
    await expect(scrubRound(deps, { ...opts, signal: stop.signal })).rejects.toThrow('stopped');
    const saved = (await deps.scrubProgress.get()).round;
    expect(saved?.cursor).toBe(verified[4]);
    const total = (await blockFiles(server.config.dataDir)).count;
    expect(total).toBeGreaterThan(10);

    const report = await scrubRound(deps, opts);
    expect(report.resumed).toBe(true);
    expect(report.filesChecked).toBe(total - 5);
    expect(verified).toHaveLength(total);
    expect(new Set(verified).size).toBe(total);
    expect(verified).toEqual([...verified].sort());
    // Damage found before the interruption is carried over, not lost with the restart.
    expect(report.corrupt).toEqual([damaged.corrupt, damaged.inPart].sort());
    expect(report.missing).toEqual([damaged.missing]);
    expect(report.affected).toEqual(expectedAffected());
    expect((await deps.scrubProgress.get()).round).toBeUndefined();
  });

  it('reads back a healed file as intact once its bytes are right again', async () => {
    const store = new BlockStore(server.config.dataDir);
    await flipOneByte(store.pathOf(damaged.corrupt));
    expect(await store.verify(damaged.corrupt)).toBe(true);
    const bytes = await readFile(store.pathOf(damaged.corrupt));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(damaged.corrupt);
    const report = await rootAdmin(server).scrub();
    expect(report.corrupt).toEqual([damaged.inPart]);
    expect(report.affected[bucket]?.map((o) => o.key)).toEqual(['b', 'd']);
  });
});
