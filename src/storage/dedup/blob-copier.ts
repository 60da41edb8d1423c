import type { BlockStore } from '../../blocks/index.js';
import { S3Error } from '../../errors.js';
import type { BlobBlock } from '../../metadata/blob-repository.js';
import type { BlobRows, BlockRefRows, BlockStateRows } from '../../metadata/ports.js';

const ROW_BATCH = 64;

export interface CopierDeps {
  store: BlockStore;
  blobs: BlobRows;
  refs: BlockRefRows;
  states: BlockStateRows;
}

/**
 * Copies a blob by reference: a new PENDING blob whose block rows are the source's, no byte read.
 * Each reference is written before the block is checked, exactly like a writer (block-publisher.ts),
 * so a collector either sees the new reference or has already claimed the block — in which case
 * the source is being deleted and the copy fails instead of pointing at a vanishing block.
 */
export async function copyBlob(
  sourceBlobId: string,
  blobId: string,
  deps: CopierDeps,
): Promise<{ size: number }> {
  await deps.blobs.begin(blobId);
  let rows: BlobBlock[] = [];
  let size = 0;
  const referenced = new Set<string>();
  for await (const block of deps.blobs.blocks(sourceBlobId)) {
    if (!referenced.has(block.hash)) {
      await deps.refs.add(block.hash, blobId);
      // As a writer: reference first, then the state; the file is checked after the state, so a
      // collector that removed it before our look is seen.
      const state = await deps.states.get(block.hash);
      if (state === 'REMOVING' || !(await deps.store.has(block.hash))) {
        throw new S3Error('NoSuchKey', 'The copy source changed while it was being copied.');
      }
      referenced.add(block.hash);
    }
    rows.push(block);
    size = block.offset + block.size;
    if (rows.length >= ROW_BATCH) {
      await deps.blobs.addBlocks(blobId, rows);
      rows = [];
    }
  }
  await deps.blobs.addBlocks(blobId, rows);
  return { size };
}
