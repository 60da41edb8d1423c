import { createHash } from 'node:crypto';
import type { BlockStore } from '../../blocks/index.js';
import type { VersionSegment } from '../../metadata/object-types.js';
import type { BlobRows } from '../../metadata/ports.js';
import { type BlockPiece, type ByteRange, blocksInRange } from './blob-reader.js';
import type { WrittenBlob } from './blob-writer.js';
import { blockPublisher, type PublisherDeps } from './block-publisher.js';

const ROW_BATCH = 64;

export interface PartCopierDeps extends PublisherDeps {
  blobs: BlobRows;
  store: BlockStore;
}

/**
 * UploadPartCopy by reference: a new PENDING blob whose block rows are the source's blocks within
 * `range`. Only the two blocks cut by the range edges are read and stored as new (smaller) blocks.
 * Every reused block goes through the publisher's order (reference first, then check it is ONLINE
 * and on disk), so a collector that already judged the block unreferenced either sees our
 * reference or makes us wait and rewrite it from the bytes we read. Like writeBlob, the blob stays
 * PENDING with its 'write' intent until the caller commits it.
 */
export async function copyBlobRange(
  blobId: string,
  parts: readonly VersionSegment[],
  range: ByteRange,
  deps: PartCopierDeps,
): Promise<WrittenBlob> {
  await deps.blobs.begin(blobId);
  const publisher = blockPublisher(deps, blobId);
  let offset = 0;
  let batch: { hash: string; size: number; data?: Buffer }[] = [];
  const flush = async () => {
    const rows = batch.map((b) => {
      const row = { offset, hash: b.hash, size: b.size };
      offset += b.size;
      return row;
    });
    // Rows before references: a failed copy is freed from its rows, so every reference needs one.
    await deps.blobs.addBlocks(blobId, rows);
    for (const b of batch) {
      if (b.data) await publisher.put(b.hash, b.data);
      else await reuse(b.hash, b.size, blobId, deps);
    }
    batch = [];
  };
  for await (const piece of blocksInRange(parts, range, deps.blobs)) {
    if (piece.from === 0 && piece.to === piece.size - 1) batch.push({ hash: piece.hash, size: piece.size });
    else batch.push(await edge(piece, deps.store));
    if (batch.length >= ROW_BATCH) await flush();
  }
  await flush();
  return { blobId, size: offset };
}

/** Adds a reference to an existing block; the fast path never reads it. */
async function reuse(hash: string, size: number, blobId: string, deps: PartCopierDeps): Promise<string> {
  await deps.refs.add(hash, blobId);
  if ((await deps.states.get(hash)) !== 'REMOVING' && (await deps.store.has(hash))) return hash;
  // Being collected: read it (verified against its hash) and publish it properly.
  const data = await deps.store.read(hash, size);
  await blockPublisher(deps, blobId).put(hash, data);
  return hash;
}

/** The part of a block inside the range becomes a block of its own. */
async function edge(
  piece: BlockPiece,
  store: BlockStore,
): Promise<{ hash: string; size: number; data: Buffer }> {
  const data = await store.read(piece.hash, piece.size, { start: piece.from, end: piece.to });
  return { hash: createHash('sha256').update(data).digest('hex'), size: data.length, data };
}
