import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, vi } from 'vitest';
import { BlockStore, findCutPoints } from '../blocks/index.js';
import { createLogger } from '../logger.js';
import type { Bucket } from '../metadata/bucket-repository.js';
import { memoryMetadata } from '../metadata/memory/memory-metadata.js';
import type { ObjectVersion, VersionLock } from '../metadata/object-types.js';
import type { CollectorDeps } from './background/garbage-collector.js';
import type { SweeperDeps } from './background/intent-sweeper.js';
import { ownerExists } from './dedup/blob-owners.js';
import { KeyRing } from './encryption/key-ring.js';
import { MultipartStore } from './multipart-store.js';
import { type NewVersion, newVersion } from './new-version.js';
import { ObjectStore } from './object-store.js';
import { RetentionClock } from './retention-clock.js';
import { VersionSideData } from './version-side-data.js';

/**
 * The set-up the storage/ unit tests share: a real BlockStore in a temp dir, the in-memory
 * metadata fakes, and an ObjectStore and MultipartStore on them, fresh for every test.
 */

/** Small blocks, so a few tens of KiB make dozens of them. */
export const CHUNKING = { minSize: 256, avgSize: 1024, maxSize: 4096 };
export const BUCKET = 'bucket';

/** A bucket named `b` (the stores of bucket documents key their rows by name and creation time). */
export function bucketNamedB(createdAt = new Date(1000)): Bucket {
  return { name: 'b', owner: 'o', createdAt, acl: 'private', versioning: 'Unversioned', region: 'us-east-1' };
}
export const log = createLogger('silent');

/**
 * The state a block reads as once a writer published it: ONLINE under the publisher that claims
 * blocks with LWTs, no row under a claim-free publisher. Either way, not REMOVING.
 */
export const WRITTEN: readonly (string | undefined)[] = ['ONLINE', undefined];

export type MemoryRows = ReturnType<typeof memoryMetadata>;

/** `size` pseudo-random bytes, the same for the same seed (and unlike any other seed's). */
export function bytes(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`storage ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

/** The blocks the chunker cuts `data` into, computed independently of the store. */
export function blocksOf(data: Buffer): { hash: string; size: number }[] {
  let start = 0;
  return findCutPoints(data, CHUNKING).map((end) => {
    const block = data.subarray(start, end);
    start = end;
    return { hash: createHash('sha256').update(block).digest('hex'), size: block.length };
  });
}

/** The distinct hashes of `data`'s blocks, in the order they first occur. */
export function hashesOf(data: Buffer): string[] {
  return [...new Set(blocksOf(data).map((b) => b.hash))];
}

/** Every byte of a stream, concatenated. */
export async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

export interface VersionOptions {
  /** Default BUCKET. */
  bucket?: string;
  /** The version's ETag; default '"e"'. */
  etag?: string;
  /** Default true. */
  nullVersion?: boolean;
  inline?: Buffer | null;
  /** Object Lock state of the version; default none. */
  lock?: VersionLock;
}

/** A version of `key` as the tests write it: content type x/y, no headers or user metadata. */
export function versionOf(key: string, size: number, opts: VersionOptions = {}): NewVersion {
  return newVersion({
    bucket: opts.bucket ?? BUCKET,
    key,
    size,
    etag: opts.etag ?? '"e"',
    contentType: 'x/y',
    headers: {},
    userMeta: {},
    nullVersion: opts.nullVersion ?? true,
    inline: opts.inline ?? null,
    ...opts.lock,
  });
}

export interface Storage {
  readonly dir: string;
  readonly store: BlockStore;
  readonly rows: MemoryRows;
  readonly objects: ObjectStore;
  readonly multipart: MultipartStore;
  /** The Object Lock clock of `objects`. */
  readonly clock: RetentionClock;
  /** The collector's dependencies on this test's rows and store. */
  collectorDeps(): CollectorDeps;
  /** The sweeper's dependencies on this test's rows, with the real owner check. */
  sweeperDeps(): SweeperDeps;
  /** Commits a version of `key` on one written blob (part 1, ETag "e"). */
  commitBlob(key: string, blobId: string, size: number, opts?: VersionOptions): Promise<ObjectVersion>;
  /** Writes `data` as one blob and commits it as a version of `key` (part 1, ETag "e"). */
  put(key: string, data: Buffer, opts?: VersionOptions): Promise<ObjectVersion>;
  /** A version with one segment per body; part i (from 1) has ETag "p<i-1>". */
  putParts(key: string, bodies: Buffer[], opts?: VersionOptions): Promise<ObjectVersion>;
  /** Every byte of `version`, read through the ObjectStore. */
  read(version: ObjectVersion): Promise<Buffer>;
}

/** A master key and two SSE-KMS keys ("one", the default, and "two"), fresh for each test. */
export function testKeyRing(): KeyRing {
  return new KeyRing(randomBytes(32), { one: randomBytes(32), two: randomBytes(32) }, 'one');
}

interface State {
  dir: string;
  store: BlockStore;
  rows: MemoryRows;
  objects: ObjectStore;
  multipart: MultipartStore;
  clock: RetentionClock;
}

/**
 * Registers a beforeEach that makes a fresh temp dir, BlockStore, fakes and stores, and an
 * afterEach that restores timers and mocks and removes the dir. The handle reads the current
 * test's instances, so use it inside tests and hooks only.
 */
export function useStorage(): Storage {
  let state: State | undefined;
  const now = (): State => {
    if (!state) throw new Error('useStorage(): the storage exists only inside a test');
    return state;
  };

  beforeEach(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'oks3-storage-'));
    const store = new BlockStore(dir);
    await store.init();
    const rows = memoryMetadata();
    const sideData = new VersionSideData(rows.acls, rows.tags);
    const keys = testKeyRing();
    const clock = new RetentionClock();
    const objects = new ObjectStore({ ...rows, store, sideData, clock, chunking: CHUNKING, log, keys });
    const multipart = new MultipartStore({ ...rows, store, objects, log, keys });
    state = { dir, store, rows, objects, multipart, clock };
  });
  afterEach(async () => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    const dir = state?.dir;
    state = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const handle: Storage = {
    get dir() {
      return now().dir;
    },
    get store() {
      return now().store;
    },
    get rows() {
      return now().rows;
    },
    get objects() {
      return now().objects;
    },
    get multipart() {
      return now().multipart;
    },
    get clock() {
      return now().clock;
    },
    collectorDeps: () => ({ ...handle.rows, store: handle.store, log }),
    sweeperDeps: () => {
      const rows = handle.rows;
      return {
        ...rows,
        log,
        ownerExists: (owner: string, blobId: string) => ownerExists(rows, owner, blobId),
      };
    },
    commitBlob: (key, blobId, size, opts) =>
      handle.objects.commit(versionOf(key, size, opts), [
        { partNumber: 1, blobId, size, etag: '"e"', checksum: null },
      ]),
    put: async (key, data, opts) => {
      const { blobId, size } = await handle.objects.writeBody(Readable.from([data]));
      return handle.commitBlob(key, blobId, size, opts);
    },
    putParts: async (key, bodies, opts) => {
      const parts = [];
      for (const [i, body] of bodies.entries()) {
        const { blobId, size } = await handle.objects.writeBody(Readable.from([body]));
        parts.push({ partNumber: i + 1, blobId, size, etag: `"p${i}"`, checksum: null });
      }
      const size = opts?.inline?.length ?? bodies.reduce((n, b) => n + b.length, 0);
      return handle.objects.commit(versionOf(key, size, opts), parts);
    },
    read: async (version) => readAll(await handle.objects.open(version, { start: 0, end: version.size - 1 })),
  };
  return handle;
}
