import type { BlockStore } from '../../blocks/index.js';
import { S3Error } from '../../errors.js';
import type { BlockRefRows, BlockStateRows } from '../../metadata/ports.js';

/** How long a writer waits for the collector to finish removing a block it needs again. */
const REMOVING_WAIT_MS = 30_000;

export interface PublisherDeps {
  store: BlockStore;
  refs: BlockRefRows;
  states: BlockStateRows;
}

/**
 * Publishes one block of a blob under the dedup protocol (docs/ARCHITECTURE.md, "Block lifecycle"),
 * with no lightweight transaction: a new block and a block already stored cost the same, one
 * reference insert and one state read.
 * 1. write the reference, so a collector that has not yet re-checked references will see it;
 * 2. then read the block's state: REMOVING means a collector decided before our reference existed
 *    and may delete the file: wait until it finishes or restores the block, and look again;
 * 3. anything else (no row, or a row of the earlier protocol) means no collector can delete the
 *    file from now on; one may have deleted it between our file write and our look, so the file
 *    is checked after the look and written again if it is gone.
 * The file write (atomic, idempotent, fsynced) runs alongside steps 1-2. Returned as a BlockWriter
 * sink: `put` resolves once the block is durable and protected.
 */
export function blockPublisher(deps: PublisherDeps, blobId: string): Pick<BlockStore, 'put'> {
  return {
    async put(hash: string, data: Uint8Array): Promise<{ created: boolean }> {
      const written = deps.store.put(hash, data);
      // A failed write must not surface as an unhandled rejection while the reference is written.
      written.catch(() => {});
      await deps.refs.add(hash, blobId);
      await untilNotRemoving(deps, hash);
      const file = await written;
      if (await deps.store.has(hash)) return file;
      return deps.store.put(hash, data);
    },
  };
}

/** Step 2: returns once the block is not being removed; a removal that lasts is 503 SlowDown. */
async function untilNotRemoving(deps: PublisherDeps, hash: string): Promise<void> {
  const deadline = Date.now() + REMOVING_WAIT_MS;
  while ((await deps.states.get(hash)) === 'REMOVING') {
    if (Date.now() > deadline) {
      throw new S3Error('ServiceUnavailable', 'A block is being garbage-collected; retry.');
    }
    await new Promise((r) => setTimeout(r, 25 + Math.random() * 100));
  }
}
