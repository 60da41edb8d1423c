import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import {
  blockNames,
  connectTestKeyspace,
  eventually,
  liveBlocks,
  referencedBlocks,
} from './support/block-metadata.js';
import { type ChildServer, freePort, startChildServer } from './support/child-server.js';
import { md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { objectBytes } from './support/object-reads.js';
import { signRequest } from './support/raw-http.js';
import { codeOf } from './support/s3-failure.js';
import { rootClient, uniqueBucket } from './support/test-server.js';

/**
 * kill -9 in the middle of writes, against the built server in a child process: acknowledged
 * objects survive, partial ones never appear, and the sweeper and collector reclaim everything the
 * dead writers left once the orphan age has passed.
 */

const UPLOADS = 3;
const UPLOAD_BYTES = 24 * 1024 * 1024;
const PIECE = 512 * 1024;
/** Temp files older than this are a dead writer's (src/blocks/block-store.ts, STALE_TEMP_MS). */
const STALE_TEMP_MS = 15 * 60 * 1000;

let dataDir: string;
let port: number;
let db: CqlClient;
let server: ChildServer | undefined;
/**
 * The orphan age says when a write intent belongs to a dead writer, so it must outlast every live
 * upload: long while the uploads run, short after the restart, when they are dead for sure.
 */
const env = (orphanSeconds: number) => ({
  OKS3_DATA_DIR: dataDir,
  OKS3_ORPHAN_BLOCK_SECONDS: String(orphanSeconds),
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
  // A collector killed between its claim and its delete leaves a claim the next server takes over.
  OKS3_GC_STALE_CLAIM_SECONDS: '3',
});

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oks3-crash-'));
  port = await freePort();
});
afterAll(async () => {
  await server?.kill();
  await db?.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

const client = () => rootClient(`http://127.0.0.1:${port}`, { maxAttempts: 1 });

/**
 * Streams random bytes as a PUT, one piece at a time, counting what was sent. It never finishes on
 * its own: the last piece is held back, so the kill always finds the upload in flight (the server
 * takes up to ~20 MiB of a stream into its pipeline before the blocks reach the disk).
 */
async function startUpload(
  bucket: string,
  key: string,
): Promise<{ sent: () => number; answered: () => boolean; ended: Promise<void> }> {
  const signed = await signRequest(
    port,
    { method: 'PUT', path: `/${bucket}/${key}`, headers: { 'content-length': String(UPLOAD_BYTES) } },
    { payloadHash: 'UNSIGNED-PAYLOAD' },
  );
  let sent = 0;
  let answered = false;
  const req = request({ host: '127.0.0.1', port, method: 'PUT', path: signed.path, headers: signed.headers });
  const ended = new Promise<void>((resolve) => {
    req.on('error', () => resolve());
    req.on('response', (res) => {
      answered = true;
      res.resume();
      res.on('end', resolve);
    });
  });
  const pump = () => {
    if (sent >= UPLOAD_BYTES - PIECE || req.destroyed) return;
    sent += PIECE;
    // Slower than the server can store: the kill finds every upload half-way.
    if (req.write(randomBytes(PIECE))) setTimeout(pump, 15);
    else req.once('drain', () => setTimeout(pump, 15));
  };
  pump();
  return { sent: () => sent, answered: () => answered, ended };
}

async function tmpFiles(): Promise<string[]> {
  return readdir(path.join(dataDir, 'tmp')).catch(() => []);
}

describe('crash recovery (SIGKILL of the server process)', () => {
  it('keeps acknowledged objects, hides partial ones and reclaims what the dead writers left', async () => {
    server = await startChildServer(port, env(3600));
    db = await connectTestKeyspace(); // the server has created the keyspace
    const bucket = uniqueBucket('crash');
    const s3 = client();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    const acked = new Map<string, string>();
    for (let i = 0; i < 4; i++) {
      const data = randomBytes(1024 * 1024 + i * 300_000);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `acked/${i}`, Body: data }));
      acked.set(`acked/${i}`, md5(data));
    }
    const replaced = randomBytes(700_000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'acked/0', Body: replaced }));
    acked.set('acked/0', md5(replaced));
    s3.destroy();

    const uploads = await Promise.all(
      Array.from({ length: UPLOADS }, (_, i) => startUpload(bucket, `partial/${i}`)),
    );
    // Kill once the server has stored a good part of the uploads (its own progress, not the client's).
    const stored = await blockFiles(dataDir);
    const halfway = await eventually(
      async () => (await blockFiles(dataDir)).bytes >= stored.bytes + 24 * 1024 * 1024,
      30_000,
      20,
    );
    expect(halfway, 'the uploads did not get going').toBe(true);
    // No upload was answered (refused or stored) before the kill: all of them die in flight.
    expect(uploads.map((u) => u.answered())).toEqual(uploads.map(() => false));
    const before = (await blockNames(dataDir)).size;
    await server.kill();
    await Promise.all(uploads.map((u) => u.ended));
    const leftTemp = await tmpFiles();
    // What the dead writers left for the sweeper: blocks on disk that no acknowledged object holds,
    // still referenced by the blobs of the killed uploads.
    const ackedBlocks = await liveBlocks(db, bucket, acked.keys());
    const leftByDead = [...(await blockNames(dataDir))].filter((h) => !ackedBlocks.has(h));
    const deadRefs = (await referencedBlocks(db, leftByDead)).size;
    // The kill came after 24 MiB of new block files: all but the few being written hold a reference.
    const written = before - stored.count;
    expect(written).toBeGreaterThanOrEqual(12); // blocks are at most 2 MiB
    expect(deadRefs, 'blocks the killed uploads left referenced').toBeGreaterThanOrEqual(
      Math.ceil((written * 2) / 3),
    );

    // A restart long after the crash: the dead writer's temp files are then stale. One fresh temp
    // file stands for a live writer of another process (a rolling restart) and must be kept.
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    for (const name of leftTemp) await utimes(path.join(dataDir, 'tmp', name), old, old);
    const planted = `${'ab'.repeat(32)}.999999.000000000000`;
    await writeFile(path.join(dataDir, 'tmp', `${planted}.stale`), 'x');
    await utimes(path.join(dataDir, 'tmp', `${planted}.stale`), old, old);
    await writeFile(path.join(dataDir, 'tmp', `${planted}.fresh`), 'x');

    server = await startChildServer(port, env(2));
    expect(await tmpFiles()).toEqual([`${planted}.fresh`]);
    await rm(path.join(dataDir, 'tmp', `${planted}.fresh`));

    const after = client();
    for (const [key, sum] of acked) expect(md5(await objectBytes(after, bucket, key)), key).toBe(sum);
    for (let i = 0; i < UPLOADS; i++) {
      expect(await codeOf(objectBytes(after, bucket, `partial/${i}`)), `partial/${i}`).toBe('NoSuchKey');
    }
    const listed = await after.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((c) => c.Key).sort()).toEqual([...acked.keys()].sort());

    // After the orphan age the sweeper frees the dead blobs and the collector their blocks: the
    // disk holds exactly the blocks of the surviving objects.
    const expected = await liveBlocks(db, bucket, acked.keys());
    const settled = await eventually(
      async () => {
        const names = await blockNames(dataDir);
        return names.size === expected.size && [...expected].every((h) => names.has(h));
      },
      40_000,
      500,
    );
    const names = await blockNames(dataDir);
    expect(
      [...expected].filter((h) => !names.has(h)),
      'blocks of acknowledged objects missing',
    ).toEqual([]);
    const orphans = [...names].filter((h) => !expected.has(h));
    const orphanStates = await Promise.all(
      orphans.map(async (h) => {
        const row = (await db.execute('SELECT state FROM block_state WHERE hash = ?', [h])).first();
        const refs = (await db.execute('SELECT blob_id FROM block_refs WHERE hash = ?', [h])).rowLength;
        return `${h.slice(0, 12)} state=${row?.get('state') ?? 'none'} refs=${refs}`;
      }),
    );
    expect(
      orphanStates,
      `orphaned blocks left on disk; the server said:\n${server.output().slice(-4000)}`,
    ).toEqual([]);
    expect(settled).toBe(true);
    const freed = await eventually(async () => (await referencedBlocks(db, leftByDead)).size === 0, 10_000);
    expect(freed, 'references of the killed uploads left').toBe(true);
    for (const [key, sum] of acked) {
      expect(md5(await objectBytes(after, bucket, key)), `${key} after GC`).toBe(sum);
    }
    after.destroy();
    expect(await tmpFiles()).toEqual([]);

    console.info(
      `crash-recovery: killed with ${before} block files on disk (${uploads.map((u) => u.sent() >> 20).join('/')} MiB ` +
        `of the uploads sent), ${deadRefs} of them referenced by the killed uploads' blobs, ${leftTemp.length} temp ` +
        `files left by the kill; ${names.size} block files after recovery`,
    );
    await stat(dataDir);
  });
});
