import type { Readable } from 'node:stream';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type BlockSink,
  BlockWriter,
  Chunker,
  type ChunkerOptions,
  type HashedBlock,
  hashBlock,
} from '../../blocks/index.js';
import type { HashPool } from '../../compute/hash-pool.js';
import type { BlobBlock } from '../../metadata/blob-repository.js';
import type { BlobRows } from '../../metadata/ports.js';
import type { BlockCipher } from '../encryption/block-cipher.js';
import { blockPublisher, type PublisherDeps } from './block-publisher.js';

/** Blocks whose rows are written to Cassandra in one batch, before any of them is published. */
const ROW_BATCH = 16;
/**
 * Blocks published at once. Each publish waits on Cassandra round trips and an fsync, not on the
 * CPU, so a wide window is what keeps a single upload stream fast (measured: docs/BENCHMARKS.md).
 */
const PUBLISH_WINDOW = 16;
/** How often a running upload refreshes its intent; far below OKS3_ORPHAN_BLOCK_SECONDS' minimum use. */
const INTENT_HEARTBEAT_MS = 30_000;

export interface WrittenBlob {
  blobId: string;
  size: number;
}

export interface BlobWriterDeps extends PublisherDeps {
  blobs: BlobRows;
  chunking: ChunkerOptions;
  /** Hashes bodies that arrive in shared slabs on threads (compute/hash-pool.ts). */
  hashing?: HashPool;
}

/**
 * Streams verified bytes into content-defined blocks: chunker -> record the blocks' rows ->
 * hash and publish each block (dedup protocol). Nothing is visible to readers until the caller
 * commits the blob and points a version or part at it. On any failure the blob stays PENDING and
 * its 'write' intent lets the sweeper reclaim what was written.
 *
 * A block's row is recorded before its reference is written, and a failed write waits for the
 * publishes still in flight: freeBlob finds references through the rows, so a reference without
 * a row (a crash, or a publish finishing after the discard) would keep its block forever.
 */
export async function writeBlob(
  blobId: string,
  body: Readable,
  deps: BlobWriterDeps,
  signal?: AbortSignal,
  cipher?: BlockCipher,
): Promise<WrittenBlob> {
  await deps.blobs.begin(blobId);
  // A long upload keeps its 'write' intent fresh, so the sweeper never takes it for a dead one.
  let touching: Promise<void> = Promise.resolve();
  const heartbeat = setInterval(() => {
    touching = deps.blobs.touchIntent(blobId, 'write').catch(() => {});
  }, INTENT_HEARTBEAT_MS);
  heartbeat.unref();
  const recorder = new RowRecorder(blobId, deps.blobs, cipher);
  const publishing = trackedSink(blockPublisher(deps, blobId));
  const drain = new Writable({ objectMode: true, write: (_block, _enc, done) => done() });
  try {
    await pipeline(
      body,
      new Chunker(deps.chunking, deps.hashing),
      recorder,
      new BlockWriter(publishing.sink, { maxInFlight: PUBLISH_WINDOW }),
      drain,
      {
        signal,
      },
    );
  } catch (err) {
    await publishing.settled();
    throw err;
  } finally {
    clearInterval(heartbeat);
    // No refresh may land after the caller records the intent's owner.
    await touching;
  }
  return { blobId, size: recorder.offset };
}

/**
 * objectMode pass-through of blocks that writes their blob_blocks rows before passing them on.
 * With a cipher, what passes on is the sealed block (its ciphertext, named by its own SHA-256) and
 * the row keeps the plaintext size, for offsets, and the seal, for the reader.
 */
class RowRecorder extends Transform {
  offset = 0;
  private blocks: HashedBlock[] = [];
  private rows: BlobBlock[] = [];

  constructor(
    private readonly blobId: string,
    private readonly blobs: BlobRows,
    private readonly cipher: BlockCipher | undefined,
  ) {
    super({ objectMode: true, highWaterMark: ROW_BATCH });
  }

  override _transform(
    block: Buffer | HashedBlock,
    _enc: BufferEncoding,
    done: (err?: Error | null) => void,
  ): void {
    const hashed = Buffer.isBuffer(block) ? hashBlock(block) : block;
    const row = { offset: this.offset, hash: hashed.hash, size: hashed.data.length };
    if (this.cipher) {
      const { hash, file, sealed } = this.cipher.sealBlock(hashed.hash, hashed.data);
      this.blocks.push({ hash, data: file });
      this.rows.push({ ...row, hash, sealed });
    } else {
      this.blocks.push(hashed);
      this.rows.push(row);
    }
    this.offset += hashed.data.length;
    if (this.rows.length < ROW_BATCH) done();
    else this.flushRows().then(() => done(), done);
  }

  override _flush(done: (err?: Error | null) => void): void {
    this.flushRows().then(() => done(), done);
  }

  private async flushRows(): Promise<void> {
    const blocks = this.blocks;
    const rows = this.rows;
    this.blocks = [];
    this.rows = [];
    await this.blobs.addBlocks(this.blobId, rows);
    for (const block of blocks) this.push(block);
  }
}

/** A sink whose puts can be awaited after the stream failed, so nothing publishes after a discard. */
function trackedSink(inner: BlockSink): { sink: BlockSink; settled: () => Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  return {
    sink: {
      put(hash, data) {
        const put = inner.put(hash, data);
        inFlight.add(put);
        put.then(
          () => inFlight.delete(put),
          () => inFlight.delete(put),
        );
        return put;
      },
    },
    settled: async () => {
      await Promise.allSettled([...inFlight]);
    },
  };
}
