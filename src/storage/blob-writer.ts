import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlockWriter, Chunker, type ChunkerOptions, type StoredBlock } from '../blocks/index.js';
import type { BlobBlock, BlobRepository } from '../metadata/blob-repository.js';
import { blockPublisher, type PublisherDeps } from './block-publisher.js';

/** Block rows written to Cassandra per batch while a blob streams in. */
const ROW_BATCH = 64;

export interface WrittenBlob {
  blobId: string;
  size: number;
  blockCount: number;
}

export interface BlobWriterDeps extends PublisherDeps {
  blobs: BlobRepository;
  chunking: ChunkerOptions;
}

/**
 * Streams verified bytes into content-defined blocks: chunker -> hash and publish each block
 * (dedup protocol) -> record the ordered block list. Nothing is visible to readers until the
 * caller commits the blob and points a version or part at it. On any failure the blob stays
 * PENDING and its 'write' intent lets the sweeper reclaim what was written.
 */
export async function writeBlob(
  blobId: string,
  body: Readable,
  deps: BlobWriterDeps,
  signal?: AbortSignal,
): Promise<WrittenBlob> {
  await deps.blobs.begin(blobId);
  let offset = 0;
  let count = 0;
  let pending: BlobBlock[] = [];
  const flush = async () => {
    const rows = pending;
    pending = [];
    await deps.blobs.addBlocks(blobId, rows);
  };
  const recorder = new Writable({
    objectMode: true,
    highWaterMark: ROW_BATCH,
    write(block: StoredBlock, _enc, done) {
      pending.push({ offset, hash: block.hash, size: block.size });
      offset += block.size;
      count += 1;
      if (pending.length < ROW_BATCH) return done();
      flush().then(() => done(), done);
    },
    final(done) {
      flush().then(() => done(), done);
    },
  });
  await pipeline(body, new Chunker(deps.chunking), new BlockWriter(blockPublisher(deps, blobId)), recorder, {
    signal,
  });
  return { blobId, size: offset, blockCount: count };
}
