import type { BlobRows, BlockRefRows, GcQueueRows } from '../../metadata/ports.js';

export interface ReleaseDeps {
  blobs: BlobRows;
  refs: BlockRefRows;
  gcQueue: GcQueueRows;
}

/**
 * Frees a blob nobody owns any more: drops its block references and queues each block for the
 * collector, then deletes the blob's rows. Idempotent, so the sweeper can re-run it after a crash.
 */
export async function freeBlob(blobId: string, deps: ReleaseDeps): Promise<void> {
  const seen = new Set<string>();
  for await (const block of deps.blobs.blocks(blobId)) {
    if (seen.has(block.hash)) continue;
    seen.add(block.hash);
    await deps.refs.remove(block.hash, blobId);
    await deps.gcQueue.enqueue(block.hash);
  }
  await deps.blobs.deleteRows(blobId);
}
