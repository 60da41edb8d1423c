import { createHash } from 'node:crypto';
import type { BlobBlock } from '../../metadata/blob-repository.js';
import type { VersionSegment } from '../../metadata/object-types.js';
import type { BlobRows } from '../../metadata/ports.js';
import type { BlockCipher } from '../encryption/block-cipher.js';
import { type BlockPiece, type ByteRange, blocksInRange } from './blob-reader.js';
import type { WrittenBlob } from './blob-writer.js';
import { type BlockBytesDeps, fileSize, readPlain } from './block-bytes.js';
import { blockPublisher, type PublisherDeps } from './block-publisher.js';

const ROW_BATCH = 64;

export interface PartCopierDeps extends PublisherDeps, BlockBytesDeps {
  blobs: BlobRows;
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
  cipher?: BlockCipher,
): Promise<WrittenBlob> {
  await deps.blobs.begin(blobId);
  const publisher = blockPublisher(deps, blobId);
  let offset = 0;
  let batch: (BlobBlock & { data?: Buffer })[] = [];
  const flush = async () => {
    const rows = batch.map((b) => {
      const row: BlobBlock = {
        offset,
        hash: b.hash,
        size: b.size,
        ...(b.sealed ? { sealed: b.sealed } : {}),
      };
      offset += b.size;
      return row;
    });
    // Rows before references: a failed copy is freed from its rows, so every reference needs one.
    await deps.blobs.addBlocks(blobId, rows);
    for (const b of batch) {
      if (b.data) await publisher.put(b.hash, b.data);
      else await reuse(b, blobId, deps);
    }
    batch = [];
  };
  for await (const piece of blocksInRange(parts, range, deps.blobs)) {
    const { hash, size, sealed } = piece;
    // A whole block is reused when its encryption is the target's (the same key, or none on both).
    const sameKey = sealed && cipher ? deps.keys.cipherOf(sealed) === cipher : !sealed && !cipher;
    if (piece.from === 0 && piece.to === size - 1 && sameKey)
      batch.push({ offset: 0, hash, size, ...(sealed ? { sealed } : {}) });
    else batch.push(await edge(piece, deps, cipher));
    if (batch.length >= ROW_BATCH) await flush();
  }
  await flush();
  return { blobId, size: offset };
}

/** Adds a reference to an existing block; the fast path never reads it. */
async function reuse(block: BlobBlock, blobId: string, deps: PartCopierDeps): Promise<string> {
  const { hash } = block;
  await deps.refs.add(hash, blobId);
  if ((await deps.states.get(hash)) !== 'REMOVING' && (await deps.store.has(hash))) return hash;
  // Being collected: read its file (verified against its name) and publish it properly.
  const file = await deps.store.read(hash, fileSize(block));
  await blockPublisher(deps, blobId).put(hash, file);
  return hash;
}

/**
 * The part of a block inside the range becomes a block of its own, sealed under the target's key
 * when the upload is encrypted (also a whole block whose key differs).
 */
async function edge(
  piece: BlockPiece,
  deps: PartCopierDeps,
  cipher: BlockCipher | undefined,
): Promise<BlobBlock & { data: Buffer }> {
  const data = await readPlain(deps, piece, { start: piece.from, end: piece.to });
  const hash = createHash('sha256').update(data).digest('hex');
  if (!cipher) return { offset: 0, hash, size: data.length, data };
  const sealed = cipher.sealBlock(hash, data);
  return { offset: 0, hash: sealed.hash, size: data.length, sealed: sealed.sealed, data: sealed.file };
}
