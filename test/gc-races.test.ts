import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockStore } from '../src/blocks/index.js';
import { createLogger } from '../src/logger.js';
import { BlockRefRepository } from '../src/metadata/block-ref-repository.js';
import { BlockStateRepository } from '../src/metadata/block-state-repository.js';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { GcQueue } from '../src/metadata/gc-queue.js';
import {
  type CollectorDeps,
  type CollectStats,
  collectGarbage,
} from '../src/storage/background/garbage-collector.js';
import { blockPublisher } from '../src/storage/dedup/block-publisher.js';
import {
  blockHashesOf,
  blockNames,
  connectTestKeyspace,
  eventually,
  liveBlocks,
  referencedBlocks,
} from './support/block-metadata.js';
import { md5, sha256 } from './support/digests.js';
import {
  noRaces,
  PublishWindow,
  probeCollector,
  runCollectors,
  slowPublisher,
} from './support/gc-race-probes.js';
import { objectBytes } from './support/object-reads.js';
import { useBucket, useServer } from './support/use-server.js';

/**
 * The dedup/GC race (docs/ARCHITECTURE.md, "Block lifecycle"): PUTs of some content race the
 * DELETE of another object made of the same blocks while collectors with no grace period run
 * without pause. A collector that deletes a block a new PUT has just referenced loses data.
 * Probed collectors (support/gc-race-probes.ts) count what they did to blocks being published,
 * and each test fails when the interleavings it exists for did not happen.
 */

/**
 * Races through the S3 API (LANES at once, ITERATIONS_PER_LANE each), and block-level races driven
 * straight through the publisher (BLOCK_CONCURRENCY at once). A racing publish waits for the
 * collector, so a race takes longer than it did: these counts take the time 4 x 50 and 800 took,
 * when the collectors met a block being published 0 and 2 times; now most races do.
 */
const LANES = 4;
const ITERATIONS_PER_LANE = 30;
const BLOCK_RACES = 600;
const BLOCK_CONCURRENCY = 16;
/**
 * A racing publish starts when a probed collector checks the block's references (or once the
 * collector pass is over), and a racing PUT sends its body TRICKLE_PIECE bytes every TRICKLE_MS:
 * without them the publish is over before any collector looks at the released blocks (measured:
 * 0 claims in 200 iterations).
 */
const TRICKLE_PIECE = 1024;
const TRICKLE_MS = 3;
const ENV = {
  OKS3_BLOCK_MIN: '1024',
  OKS3_BLOCK_AVG: '2048',
  OKS3_BLOCK_MAX: '4096',
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_GC_INTERVAL_SECONDS: '1',
};

const server = useServer(ENV);
const bucket = useBucket(server, 'gc-race');
let db: CqlClient;

beforeAll(async () => {
  db = await connectTestKeyspace();
});
afterAll(async () => {
  await db?.shutdown();
});

/** Collectors in this process, on top of the server's own: several at once, as with several servers. */
function storageDeps(): CollectorDeps {
  return {
    store: new BlockStore(server.config.dataDir),
    refs: new BlockRefRepository(db),
    states: new BlockStateRepository(db),
    gcQueue: new GcQueue(db),
    log: createLogger('silent'),
  };
}

async function put(key: string, body: Buffer): Promise<void> {
  await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** A PUT whose body arrives 1 KiB at a time, so its blocks are published one after another. */
async function tricklePut(key: string, body: Buffer): Promise<void> {
  const pieces = async function* () {
    for (let at = 0; at < body.length; at += TRICKLE_PIECE) {
      await new Promise((r) => setTimeout(r, TRICKLE_MS));
      yield body.subarray(at, at + TRICKLE_PIECE);
    }
  };
  await server.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: Readable.from(pieces()),
      ContentLength: body.length,
    }),
  );
}

const readMd5 = async (key: string) => md5(await objectBytes(server.s3, bucket, key));

describe('dedup against garbage collection', () => {
  it('never loses a block that an acknowledged PUT references, and collects the rest', async () => {
    const live = new Map<string, string>();
    const dead: Buffer[] = [];
    const publishing = new PublishWindow();
    const races = noRaces();
    const probed = probeCollector(storageDeps(), publishing, races);
    const collectors = runCollectors(2, probed);
    const started = Date.now();

    const lane = async (l: number) => {
      for (let i = 0; i < ITERATIONS_PER_LANE; i++) {
        const content = randomBytes(6000 + Math.floor(Math.random() * 6000));
        const sum = md5(content);
        const [a, b, c] = ['a', 'b', 'c'].map((n) => `${l}/${i}/${n}`) as [string, string, string];
        const hashes = await blockHashesOf(content, server.config.blocks);
        await put(a, content);
        // The race: a's blocks lose their only reference, and a collector pass decides on them,
        // while b and c reference them again, starting as the collector begins to decide.
        const pass = server.s3
          .send(new DeleteObjectCommand({ Bucket: bucket, Key: a }))
          .then(() => collectGarbage(probed, 0, 2));
        const racingPut = async (key: string) => {
          await publishing.checked(hashes, pass);
          publishing.open(hashes);
          await tricklePut(key, content).finally(() => publishing.close(hashes));
        };
        await Promise.all([pass, racingPut(b), racingPut(c)]);
        expect(await readMd5(b), `${b} after the race`).toBe(sum);
        expect(await readMd5(c), `${c} after the race`).toBe(sum);
        await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: b }));
        if (i % 2 === 0) {
          live.set(c, sum);
        } else {
          await server.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: c }));
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
      `gc-races: ${iterations} iterations, ${expected.size + deadHashes.size} distinct blocks in ` +
        `${racing} ms; while a PUT was publishing them, test collectors checked blocks ` +
        `${races.checked} times, claimed ${races.claimed} (then gave back ${races.restored}, ` +
        `removed ${races.removed}); in all they examined ${stats.examined}, removed ${stats.removed}, ` +
        `kept ${stats.kept}`,
    );
    // The race happened, and both ways: collectors claimed blocks a PUT was publishing, gave some
    // back to its new reference and deleted others under it (the PUT wrote them again, and b and c
    // read back whole above). By construction most iterations claim a block; a tenth must.
    expect(races.claimed, 'removal claims on blocks a PUT was publishing').toBeGreaterThanOrEqual(
      iterations / 10,
    );
    expect(races.restored, "claims given back to a PUT's new reference").toBeGreaterThan(0);
    expect(races.removed, 'blocks deleted while a PUT was publishing them').toBeGreaterThan(0);
  });

  it('keeps a block whose reference was re-added while its last one was dropped and collected', async () => {
    const deps = storageDeps();
    // Slow metadata round trips (a busy coordinator) for the second publisher widen the windows in
    // which the collector decides on the block while that publisher is under way.
    const publisher = { waited: 0, rewritten: 0 };
    const slowRefs = slowPublisher(deps, publisher);
    const publishing = new PublishWindow();
    const races = noRaces();
    const probed = probeCollector(deps, publishing, races);
    const newBlob = () => cassandra.types.TimeUuid.now().toString();
    const hashes: string[] = [];
    const inline: CollectStats = { examined: 0, removed: 0, kept: 0 };
    const count = (pass: CollectStats) => {
      inline.examined += pass.examined;
      inline.removed += pass.removed;
      inline.kept += pass.kept;
    };
    const collectors = runCollectors(1, probed);
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < BLOCK_RACES) {
        next += 1;
        const data = randomBytes(1024);
        const hash = sha256(data);
        hashes.push(hash);
        const [first, second] = [newBlob(), newBlob()];
        await blockPublisher(deps, first).put(hash, data);
        // The first blob lets go (as freeBlob does) and a collector pass follows, while the second
        // blob publishes the same block, starting as the collector begins to decide on it.
        const pass = deps.refs
          .remove(hash, first)
          .then(() => deps.gcQueue.enqueue(hash))
          .then(() => collectGarbage(probed, 0, 2))
          .then(count);
        const republish = async () => {
          await publishing.checked([hash], pass);
          publishing.open([hash]);
          await blockPublisher(slowRefs, second)
            .put(hash, data)
            .finally(() => publishing.close([hash]));
        };
        await Promise.all([pass, republish()]);
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
      `gc-races: ${hashes.length} direct block-level races in ${racing} ms; while the block was ` +
        `republished, collectors claimed it ${races.claimed} times, gave it back ${races.restored}, ` +
        `removed it ${races.removed}; the publisher waited on a removal ${publisher.waited} times and ` +
        `found the file deleted and wrote it again ${publisher.rewritten} times; inline passes examined ${inline.examined}, ` +
        `removed ${inline.removed}, kept ${inline.kept}; background collector examined ` +
        `${stats.examined}, removed ${stats.removed}, kept ${stats.kept}`,
    );
    // Both ends of the race happened: removals that lost to the re-added reference (the block was
    // kept), and removals that won (the block was deleted, the publisher waited or found it gone,
    // and wrote it again). By construction most races claim the block; a tenth must.
    expect(races.claimed, 'removal claims while the block was republished').toBeGreaterThanOrEqual(
      BLOCK_RACES / 10,
    );
    expect(races.restored, 'removals given back to a re-added reference').toBeGreaterThan(0);
    expect(races.removed, 'blocks deleted while being republished').toBeGreaterThan(0);
    expect(publisher.waited, 'publishes that met a removal under way').toBeGreaterThan(0);
    expect(publisher.rewritten, 'publishes that found their file deleted').toBeGreaterThan(0);
  });
});
