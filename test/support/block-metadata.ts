import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Chunker, type ChunkerOptions } from '../../src/blocks/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type CqlClient, connectCassandra } from '../../src/metadata/cassandra-client.js';
import { TEST_KEYSPACE } from './constants.js';

/** A Cassandra session on the run's test keyspace (or `keyspace`), for assertions about block metadata. */
export async function connectTestKeyspace(keyspace = TEST_KEYSPACE): Promise<CqlClient> {
  const { contactPoints, localDataCenter } = loadConfig({
    ...process.env,
    OKS3_KEYSPACE: keyspace,
  }).cassandra;
  return connectCassandra({ contactPoints, localDataCenter, keyspace }, createLogger('silent'));
}

/** The SHA-256 names of the blocks the server's chunker cuts `data` into, computed independently. */
export async function blockHashesOf(data: Buffer, chunking: ChunkerOptions): Promise<Set<string>> {
  const hashes = new Set<string>();
  for await (const block of Readable.from([data]).pipe(new Chunker(chunking))) {
    hashes.add(
      createHash('sha256')
        .update(block as Buffer)
        .digest('hex'),
    );
  }
  return hashes;
}

/** How many blobs reference each of `hashes` in block_refs; only non-zero counts are returned. */
export async function referencedBlocks(
  db: CqlClient,
  hashes: Iterable<string>,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const hash of hashes) {
    const rs = await db.execute('SELECT blob_id FROM block_refs WHERE hash = ?', [hash]);
    if (rs.rowLength > 0) out.set(hash, rs.rowLength);
  }
  return out;
}

/** The block hashes of every part of the current version of each key (what must stay on disk). */
export async function liveBlocks(
  db: CqlClient,
  bucket: string,
  keys: Iterable<string>,
): Promise<Set<string>> {
  const hashes = new Set<string>();
  for (const key of keys) {
    const current = await db.execute('SELECT version_id FROM objects WHERE bucket = ? AND key = ?', [
      bucket,
      key,
    ]);
    const versionId = current.first()?.get('version_id');
    if (!versionId) continue;
    const parts = await db.execute('SELECT blob_id FROM version_parts WHERE version_id = ?', [versionId]);
    for (const part of parts.rows) {
      const blocks = await db.execute('SELECT hash FROM blob_blocks WHERE blob_id = ?', [
        part.get('blob_id'),
      ]);
      for (const row of blocks.rows) hashes.add(row.get('hash') as string);
    }
  }
  return hashes;
}

/** Polls `check` until it returns true or `ms` pass; returns its last verdict. */
export async function eventually(check: () => Promise<boolean>, ms: number, every = 200): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Block file names under a data folder. Unlike disk.ts's blockFiles it never stats, so a collector
 * deleting files meanwhile cannot make it fail.
 */
export async function blockNames(dataDir: string): Promise<Set<string>> {
  const names = new Set<string>();
  const list = (dir: string) => readdir(dir).catch(() => [] as string[]);
  for (const a of (await list(dataDir)).filter((n) => /^[0-9a-f]{2}$/.test(n))) {
    for (const b of await list(path.join(dataDir, a))) {
      for (const f of await list(path.join(dataDir, a, b))) if (/^[0-9a-f]{64}$/.test(f)) names.add(f);
    }
  }
  return names;
}
