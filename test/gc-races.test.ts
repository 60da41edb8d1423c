import { createHash, randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockStore } from '../src/blocks/index.js';
import { createLogger } from '../src/logger.js';
import { BlockRefRepository } from '../src/metadata/block-ref-repository.js';
import { BlockStateRepository } from '../src/metadata/block-state-repository.js';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { GcQueue } from '../src/metadata/gc-queue.js';
import { type CollectStats, collectGarbage } from '../src/storage/background/garbage-collector.js';
import { blockPublisher } from '../src/storage/dedup/block-publisher.js';
import {
  blockHashesOf,
  blockNames,
  connectTestKeyspace,
  eventually,
  liveBlocks,
  referencedBlocks,
} from './support/block-metadata.js';
import { startTestServer, type TestServer, uniqueBucket } from './support/test-server.js';

/**
 * The dedup/GC race (docs/ARCHITECTURE.md, "Block lifecycle"): PUTs of some content race the
 * DELETE of another object made of the same blocks while collectors with no grace period run
 * without pause. A collector that deletes a block a new PUT has just referenced loses data.
 */

const LANES = 4;
const ITERATIONS_PER_LANE = 50;
/** Block-level races driven straight through the publisher, and how many run at once. */
const BLOCK_RACES = 800;
const BLOCK_CONCURRENCY = 16;
const ENV = {
  OKS3_BLOCK_MIN: '1024',
  OKS3_BLOCK_AVG: '2048',
  OKS3_BLOCK_MAX: '4096',
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
};

let server: TestServer;
let db: CqlClient;
let s3: S3Client;
let bucket: string;

beforeAll(async () => {
  server = await startTestServer(ENV);
  db = await connectTestKeyspace();
  s3 = server.client();
  bucket = uniqueBucket('gc-race');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await db?.shutdown();
  await server?.close();
});

const md5 = (b: Buffer | Uint8Array) => createHash('md5').update(b).digest('hex');

/** Collectors in this process, on top of the server's own: several at once, as with several servers. */
function storageDeps() {
  return {
    store: new BlockStore(server.config.dataDir),
    refs: new BlockRefRepository(db),
    states: new BlockStateRepository(db),
    gcQueue: new GcQueue(db),
    log: createLogger('silent'),
  };
}

function runCollectors(count: number): { stop: () => Promise<CollectStats> } {
  const deps = storageDeps();
  const total: CollectStats = { examined: 0, removed: 0, kept: 0 };
  let stopping = false;
  const loops = Array.from({ length: count }, async () => {
    while (!stopping) {
      const pass = await collectGarbage(deps, 0);
      total.examined += pass.examined;
      total.removed += pass.removed;
      total.kept += pass.kept;
    }
  });
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
      return total;
    },
  };
}

async function put(key: string, body: Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function readMd5(key: string): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return md5(await got.Body!.transformToByteArray());
}

describe('dedup against garbage collection', () => {
  it('never loses a block that an acknowledged PUT references, and collects the rest', async () => {
    const live = new Map<string, string>();
    const dead: Buffer[] = [];
    const collectors = runCollectors(2);
    const started = Date.now();

    const lane = async (l: number) => {
      for (let i = 0; i < ITERATIONS_PER_LANE; i++) {
        const content = randomBytes(6000 + Math.floor(Math.random() * 6000));
        const sum = md5(content);
        const [a, b, c] = ['a', 'b', 'c'].map((n) => `${l}/${i}/${n}`) as [string, string, string];
        await put(a, content);
        // The race: a's blocks lose their only reference while b and c reference them again.
        await Promise.all([
          s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: a })),
          put(b, content),
          put(c, content),
        ]);
        expect(await readMd5(b), `${b} after the race`).toBe(sum);
        expect(await readMd5(c), `${c} after the race`).toBe(sum);
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: b }));
        if (i % 2 === 0) {
          live.set(c, sum);
        } else {
          await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: c }));
          dead.push(content);
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, l) => lane(l)));
    const racing = Date.now() - started;
    const stats = await collectors.stop();

    // Every survivor is still intact after the collectors ran on.
    for (const [key, sum] of live) expect(await readMd5(key), key).toBe(sum);

    // Only the survivors' blocks stay: the server's own collector finishes the queue.
    const expected = await liveBlocks(db, bucket, live.keys());
    const settled = await eventually(async () => {
      const names = await blockNames(server.config.dataDir);
      return names.size === expected.size && [...expected].every((h) => names.has(h));
    }, 20_000);
    const names = await blockNames(server.config.dataDir);
    expect(
      [...expected].filter((h) => !names.has(h)),
      'referenced blocks missing on disk',
    ).toEqual([]);
    expect(
      [...names].filter((h) => !expected.has(h)),
      'unreferenced blocks left on disk',
    ).toEqual([]);
    expect(settled).toBe(true);

    const deadHashes = new Set<string>();
    for (const content of dead) {
      for (const h of await blockHashesOf(content, server.config.blocks)) deadHashes.add(h);
    }
    expect((await referencedBlocks(db, deadHashes)).size, 'references left on deleted content').toBe(0);
    const liveRefs = await referencedBlocks(db, expected);
    expect(liveRefs.size).toBe(expected.size);

    const iterations = LANES * ITERATIONS_PER_LANE;
    console.info(
      `gc-races: ${iterations} iterations, ${expected.size + deadHashes.size} distinct blocks, ` +
        `~${Math.round(((expected.size + deadHashes.size) / iterations) * 2 * iterations)} block-level ` +
        `publish-vs-collect races in ${racing} ms; test collectors examined ${stats.examined}, ` +
        `removed ${stats.removed}, kept ${stats.kept}`,
    );
  });

  it('keeps a block whose reference was re-added while its last one was dropped and collected', async () => {
    const deps = storageDeps();
    // Slow metadata round trips (a busy coordinator) for the second publisher widen the windows in
    // which the collector decides on the block while that publisher is under way.
    const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 15));
    const slowRefs = {
      ...deps,
      refs: Object.assign(Object.create(deps.refs) as BlockRefRepository, {
        add: async (hash: string, blobId: string) => {
          await jitter();
          await deps.refs.add(hash, blobId);
        },
      }),
      states: Object.assign(Object.create(deps.states) as BlockStateRepository, {
        get: async (hash: string) => {
          await jitter();
          return deps.states.get(hash);
        },
      }),
    };
    const newBlob = () => cassandra.types.TimeUuid.now().toString();
    const hashes: string[] = [];
    const inline: CollectStats = { examined: 0, removed: 0, kept: 0 };
    const count = (pass: CollectStats) => {
      inline.examined += pass.examined;
      inline.removed += pass.removed;
      inline.kept += pass.kept;
    };
    const collectors = runCollectors(1);
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < BLOCK_RACES) {
        next += 1;
        const data = randomBytes(1024);
        const hash = createHash('sha256').update(data).digest('hex');
        hashes.push(hash);
        const [first, second] = [newBlob(), newBlob()];
        await blockPublisher(deps, first).put(hash, data);
        // The first blob lets go (as freeBlob does) while the second publishes the same block.
        // A collector pass right after the release, so it meets the block while the publish runs.
        await Promise.all([
          deps.refs
            .remove(hash, first)
            .then(() => deps.gcQueue.enqueue(hash))
            .then(() => collectGarbage(deps, 0, 2))
            .then(count),
          blockPublisher(slowRefs, second).put(hash, data),
        ]);
        expect(await deps.store.verify(hash), `block ${hash} after the race`).toBe(true);
        await deps.refs.remove(hash, second);
        await deps.gcQueue.enqueue(hash);
      }
    };
    await Promise.all(Array.from({ length: BLOCK_CONCURRENCY }, worker));
    const racing = Date.now() - started;
    const stats = await collectors.stop();

    const gone = await eventually(async () => {
      const names = await blockNames(server.config.dataDir);
      return hashes.every((h) => !names.has(h));
    }, 20_000);
    expect(gone, 'unreferenced blocks left on disk').toBe(true);
    console.info(
      `gc-races: ${hashes.length} direct block-level races in ${racing} ms; inline passes examined ` +
        `${inline.examined}, removed ${inline.removed}, kept ${inline.kept}; background collector ` +
        `examined ${stats.examined}, removed ${stats.removed}, kept ${stats.kept}`,
    );
  });
});
