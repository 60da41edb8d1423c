import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestKeyspace, eventually } from './support/block-metadata.js';
import { type ChildServer, freePort, startChildServer } from './support/child-server.js';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './support/constants.js';
import { blockFiles } from './support/disk.js';
import { uniqueBucket } from './support/test-server.js';

/**
 * kill -9 of the server, again and again, while clients PUT, upload multipart, overwrite and
 * DELETE; then a restart with short collection ages. Every acknowledged write reads back byte
 * for byte (an operation in flight at a kill may or may not have happened, nothing else), and once
 * everything is deleted the block folder drains to zero: nothing a crash left is leaked.
 */

const KILLS = 4;
const LOAD_MS = 4000;
/** Bound on the time from "everything deleted" to an empty block folder, with 1 s collector passes. */
const DRAIN_MS = 90_000;
const CLIENTS = 6;
const KEYS_PER_CLIENT = 4;
/** A small dedup pool, so overwrites and other keys share blocks. */
const POOL = Array.from({ length: 4 }, () => randomBytes(700 * 1024));

let dataDir: string;
let port: number;
let server: ChildServer | undefined;
const bucket = uniqueBucket('crashload');

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oks3-crashload-'));
  port = await freePort();
});
afterAll(async () => {
  await server?.kill();
  await rm(dataDir, { recursive: true, force: true });
});

function client(): S3Client {
  return new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: TEST_ACCESS_KEY, secretAccessKey: TEST_SECRET_KEY },
    maxAttempts: 1,
  });
}

/** A key's acceptable states: the last acknowledged one, plus whatever was in flight at a kill. */
interface KeyState {
  acked: string | null;
  maybe: Set<string | null>;
}

/** Bytes for one write: pool blocks (deduplicated) around a unique middle. */
function body(): Buffer {
  const a = POOL[Math.floor(Math.random() * POOL.length)]!;
  const b = POOL[Math.floor(Math.random() * POOL.length)]!;
  return Buffer.concat([a, randomBytes(1 + Math.floor(Math.random() * 200_000)), b]);
}

async function multipart(s3: S3Client, key: string, data: Buffer): Promise<void> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const half = Math.floor(data.length / 2);
  const parts = [];
  for (const [i, piece] of [data.subarray(0, half), data.subarray(half)].entries()) {
    const out = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: piece }),
    );
    parts.push({ PartNumber: i + 1, ETag: out.ETag });
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

/** One client's loop on its own keys until `stop`; counts acknowledged operations. */
async function clientLoop(id: number, states: Map<string, KeyState>, stop: () => boolean): Promise<number> {
  const s3 = client();
  let acked = 0;
  try {
    while (!stop()) {
      const key = `c${id}/k${Math.floor(Math.random() * KEYS_PER_CLIENT)}`;
      const state = states.get(key) ?? { acked: null, maybe: new Set<string | null>() };
      states.set(key, state);
      const roll = Math.random();
      const data = roll < 0.8 ? body() : undefined;
      const next = data ? md5(data) : null;
      state.maybe.add(next);
      try {
        if (!data) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        else if (roll < 0.3) await multipart(s3, key, data);
        else await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data }));
        state.acked = next;
        state.maybe = new Set();
        acked++;
      } catch {
        // Not acknowledged: it may or may not have happened; `maybe` keeps it acceptable.
        if (stop()) break;
      }
    }
  } finally {
    s3.destroy();
  }
  return acked;
}

const shortAges = {
  OKS3_DATA_DIR: '',
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
  OKS3_GC_STALE_CLAIM_SECONDS: '3',
  OKS3_ORPHAN_BLOCK_SECONDS: '2',
  OKS3_RELEASE_INTENT_SECONDS: '2',
  OKS3_REACHABILITY_INTERVAL_SECONDS: '2',
  OKS3_REACHABILITY_GUARD_SECONDS: '3',
  OKS3_MULTIPART_MIN_PART_SIZE: '1024',
};

describe('kill -9 under load', () => {
  it(`survives ${KILLS} kills with every acknowledged write intact, then drains the block folder to zero`, {
    timeout: 240_000,
  }, async () => {
    // While clients run, intents of live uploads must not look dead: default (long) ages.
    const loadEnv = { OKS3_DATA_DIR: dataDir, OKS3_MULTIPART_MIN_PART_SIZE: '1024' };
    server = await startChildServer(port, loadEnv);
    const setup = client();
    await setup.send(new CreateBucketCommand({ Bucket: bucket }));
    setup.destroy();
    const states = new Map<string, KeyState>();
    let acknowledged = 0;
    let kills = 0;
    for (let round = 0; round < KILLS; round++) {
      if (round > 0) server = await startChildServer(port, loadEnv);
      let stopped = false;
      const loops = Array.from({ length: CLIENTS }, (_, i) => clientLoop(i, states, () => stopped));
      await new Promise((r) => setTimeout(r, LOAD_MS));
      await server.kill();
      kills++;
      stopped = true;
      acknowledged += (await Promise.all(loops)).reduce((a, b) => a + b, 0);
    }
    expect(kills).toBe(KILLS);
    expect(acknowledged).toBeGreaterThan(CLIENTS * KILLS);

    server = await startChildServer(port, { ...shortAges, OKS3_DATA_DIR: dataDir });
    const s3 = client();
    let checked = 0;
    for (const [key, state] of states) {
      const acceptable = new Set([state.acked, ...state.maybe]);
      let seen: string | null;
      try {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        seen = md5(await got.Body!.transformToByteArray());
      } catch (err) {
        if (!(err instanceof S3ServiceException && err.name === 'NoSuchKey')) throw err;
        seen = null;
      }
      expect(acceptable.has(seen), `${key}: ${seen} not in ${[...acceptable].join(', ')}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(CLIENTS);

    // Delete everything; DeleteBucket also aborts the uploads the kills left open.
    const before = (await blockFiles(dataDir)).count;
    expect(before).toBeGreaterThan(0);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const o of listed.Contents ?? [])
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    const drained = await eventually(async () => (await blockFiles(dataDir)).count === 0, DRAIN_MS, 1000);
    const left = (await blockFiles(dataDir)).count;
    s3.destroy();
    const leftovers = drained ? '' : await describeLeftovers();
    expect(drained, `${left} of ${before} block files left after ${DRAIN_MS} ms:\n${leftovers}`).toBe(true);
  });
});

/** For a failure message: what metadata still says about a few of the block files left. */
async function describeLeftovers(): Promise<string> {
  const db = await connectTestKeyspace();
  try {
    const lines: string[] = [];
    for (const hash of [...(await blockFiles(dataDir)).names].slice(0, 5)) {
      const state = (await db.execute('SELECT state FROM block_state WHERE hash = ?', [hash])).first();
      const refs = await db.execute('SELECT blob_id FROM block_refs WHERE hash = ?', [hash]);
      const blobs = [];
      for (const row of refs.rows) {
        const blobId = String(row.get('blob_id'));
        const blob = (await db.execute('SELECT state FROM blobs WHERE blob_id = ?', [blobId])).first();
        const intents = await db.execute(
          'SELECT reason, owner FROM blob_intents WHERE blob_id = ? ALLOW FILTERING',
          [blobId],
        );
        const owners = intents.rows.map((r) => `${r.get('reason')}:${r.get('owner')}`).join(' ');
        blobs.push(
          `${blobId} ${blob?.get('state') ?? 'no row'} [${owners}] ${await blobHolders(db, blobId)}`,
        );
      }
      lines.push(
        `${hash.slice(0, 12)} ${state?.get('state') ?? 'no state'} refs: ${blobs.join('; ') || 'none'}`,
      );
    }
    return lines.join('\n');
  } finally {
    await db.shutdown();
  }
}

/** Which version segments and upload parts name a blob, and whether their version or upload exists. */
async function blobHolders(
  db: Awaited<ReturnType<typeof connectTestKeyspace>>,
  blobId: string,
): Promise<string> {
  const held: string[] = [];
  const segments = await db.execute(
    'SELECT version_id FROM version_parts WHERE blob_id = ? ALLOW FILTERING',
    [blobId],
  );
  for (const row of segments.rows) {
    const id = String(row.get('version_id'));
    const version = await db.execute(
      'SELECT key, null_version FROM object_versions WHERE version_id = ? ALLOW FILTERING',
      [id],
    );
    const v = version.first();
    held.push(
      `segment of ${id} (${v ? `version of ${v.get('key')}, null=${v.get('null_version')}` : 'no version row'})`,
    );
  }
  const parts = await db.execute('SELECT upload_id FROM upload_parts WHERE blob_id = ? ALLOW FILTERING', [
    blobId,
  ]);
  for (const row of parts.rows) {
    const id = String(row.get('upload_id'));
    const upload = await db.execute('SELECT key FROM multipart_uploads WHERE upload_id = ? ALLOW FILTERING', [
      id,
    ]);
    held.push(`part of ${id} (${upload.rowLength > 0 ? 'upload exists' : 'no upload row'})`);
  }
  return held.join(', ') || 'held by nothing';
}
