import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { blockPath, isBlockHash } from './block-path.js';
import { type BlockRange, readBlock } from './block-reader.js';
import { removeStaleFiles, writeFileDurably } from './durable-file.js';
import { BlockNotFoundError } from './errors.js';

export interface BlockInfo {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface ListedBlock extends BlockInfo {
  readonly hash: string;
}

/** Told about block files written and deleted (metrics: new vs reused blocks, the store's size). */
export interface BlockStoreObserver {
  /** `created` false: the block was already stored (a dedup hit) and only its mtime was touched. */
  blockPut(bytes: number, created: boolean): void;
  blockDeleted(bytes: number): void;
}

/** A temp file untouched this long belongs to a dead writer; live writes take well under a second. */
const STALE_TEMP_MS = 15 * 60 * 1000;
const FAN_OUT_DIR = /^[0-9a-f]{2}$/;

/**
 * Content-addressed blocks on local disk, named by the SHA-256 of their bytes. `put` trusts the
 * hash it is given (BlockWriter computes it); `verify` and full reads re-check it.
 *
 * One process owns a data directory: `init` clears temp files that it judges stale by age only.
 */
export class BlockStore {
  readonly #tmpDir: string;

  readonly #observer: BlockStoreObserver | undefined;

  constructor(
    readonly dataDir: string,
    observer?: BlockStoreObserver,
  ) {
    this.#tmpDir = path.join(dataDir, 'tmp');
    this.#observer = observer;
  }

  async init(): Promise<void> {
    await mkdir(this.#tmpDir, { recursive: true });
    await removeStaleFiles(this.#tmpDir, STALE_TEMP_MS);
  }

  pathOf(hash: string): string {
    return blockPath(this.dataDir, hash);
  }

  async has(hash: string): Promise<boolean> {
    return (await this.stat(hash)) !== undefined;
  }

  /**
   * Stores a block unless it exists (dedup). An existing block gets its mtime refreshed: nothing
   * judges block files by age yet, but the mark-and-sweep safety net planned for the block protocol
   * will spare blocks younger than a guard age, and a block a new upload is about to reference must
   * count as young. One whose length is wrong (truncated) is rewritten.
   */
  async put(hash: string, data: Uint8Array): Promise<{ created: boolean }> {
    const file = this.pathOf(hash);
    const existing = await this.stat(hash);
    if (existing?.size === data.length) {
      const now = new Date();
      const touched = await utimes(file, now, now).then(
        () => true,
        (err: unknown) => (isNotFound(err) ? false : Promise.reject(err)),
      );
      if (touched) {
        this.#observer?.blockPut(data.length, false);
        return { created: false };
      }
    }
    await writeFileDurably(this.#tmpDir, file, data);
    this.#observer?.blockPut(data.length, true);
    return { created: true };
  }

  /** Re-hashes the stored bytes. False on mismatch; BlockNotFoundError if there is no such block. */
  async verify(hash: string): Promise<boolean> {
    const hasher = createHash('sha256');
    try {
      for await (const piece of createReadStream(this.pathOf(hash))) hasher.update(piece as Buffer);
    } catch (err) {
      throw isNotFound(err) ? new BlockNotFoundError(hash) : err;
    }
    return hasher.digest('hex') === hash;
  }

  /** See readBlock: the length is always checked against `expectedSize`, the hash on full reads. */
  createReadStream(hash: string, expectedSize: number, range?: BlockRange): Readable {
    return readBlock(this.pathOf(hash), hash, expectedSize, range);
  }

  /** createReadStream's bytes in one Buffer, for the few blocks a copy or a re-chunk reads whole. */
  async read(hash: string, expectedSize: number, range?: BlockRange): Promise<Buffer> {
    const pieces: Buffer[] = [];
    for await (const piece of this.createReadStream(hash, expectedSize, range)) pieces.push(piece as Buffer);
    return Buffer.concat(pieces);
  }

  async delete(hash: string): Promise<void> {
    // The size is read only when someone keeps count of the store's bytes.
    const info = this.#observer ? await this.stat(hash) : undefined;
    try {
      await unlink(this.pathOf(hash));
      if (info) this.#observer?.blockDeleted(info.size);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async stat(hash: string): Promise<BlockInfo | undefined> {
    try {
      const info = await stat(this.pathOf(hash));
      return { size: info.size, mtimeMs: info.mtimeMs };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Every block on disk in ascending hash order, or only those after `after` (so a scrub resumes
   * where it stopped); files that are not block names are skipped.
   */
  async *list(after = ''): AsyncGenerator<ListedBlock> {
    const fanOut = after.slice(0, 4);
    for (const first of await subdirs(this.dataDir)) {
      if (first < fanOut.slice(0, 2)) continue;
      for (const second of await subdirs(path.join(this.dataDir, first))) {
        if (first + second < fanOut) continue;
        const dir = path.join(this.dataDir, first, second);
        for (const name of (await readdir(dir).catch(emptyIfNotFound)).sort()) {
          if (!isBlockHash(name) || !name.startsWith(first + second) || name <= after) continue;
          const info = await this.stat(name);
          if (info) yield { hash: name, ...info };
        }
      }
    }
  }

  async diskUsage(): Promise<{ blocks: number; bytes: number }> {
    let blocks = 0;
    let bytes = 0;
    for await (const block of this.list()) {
      blocks++;
      bytes += block.size;
    }
    return { blocks, bytes };
  }
}

/** Two-hex-digit fan-out directories only, which also skips `tmp/`. */
async function subdirs(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(emptyIfNotFound);
  return names.filter((name) => FAN_OUT_DIR.test(name)).sort();
}

function emptyIfNotFound(err: unknown): string[] {
  if (isNotFound(err)) return [];
  throw err;
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT';
}
