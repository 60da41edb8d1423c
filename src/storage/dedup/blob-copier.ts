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
 * Rows go in before their references (as in part-copier.ts), so a failed copy, discarded through
 * its rows, leaves no reference behind. Each reference is written before the block is checked,
 * exactly like a writer (block-publisher.ts): a collector either sees the new reference or has
 * already claimed the block, in which case the source is being deleted and the copy fails instead
 * of pointing at a vanishing block.
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
  const flush = async () => {
    await deps.blobs.addBlocks(blobId, rows);
    for (const block of rows) {
      if (referenced.has(block.hash)) continue;
      referenced.add(block.hash);
      await referenceStored(block.hash, blobId, deps);
    }
    rows = [];
  };
  for await (const block of deps.blobs.blocks(sourceBlobId)) {
    rows.push(block);
    size = block.offset + block.size;
    if (rows.length >= ROW_BATCH) await flush();
  }
  await flush();
  return { size };
}

/**
 * References a block another blob holds, as a writer would: reference first, then the state, then
 * the file, so a removal under way is seen (and the copy fails: its source is being deleted).
 */
export async function referenceStored(hash: string, blobId: string, deps: CopierDeps): Promise<void> {
  await deps.refs.add(hash, blobId);
  const state = await deps.states.get(hash);
  if (state === 'REMOVING' || !(await deps.store.has(hash))) {
    throw new S3Error('NoSuchKey', 'The copy source changed while it was being copied.');
  }
}
