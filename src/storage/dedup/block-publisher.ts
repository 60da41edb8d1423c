import type { BlockStore } from '../../blocks/index.js';
import { S3Error } from '../../errors.js';
import type { BlockState } from '../../metadata/block-state-repository.js';
import type { BlockRefRows, BlockStateRows } from '../../metadata/ports.js';

/** How long a writer waits for the collector to finish removing a block it needs again. */
const REMOVING_WAIT_MS = 30_000;

export interface PublisherDeps {
  store: BlockStore;
  refs: BlockRefRows;
  states: BlockStateRows;
}

/**
 * Publishes one block of a blob under the dedup protocol (docs/ARCHITECTURE.md, "Block lifecycle"):
 * 1. write the reference first, so a collector that has not yet re-checked references will see it;
 * 2. then read the block's state; absent -> claim it (UPLOADING, an LWT);
 * 3. the file write runs alongside steps 1-2 (it is atomic and idempotent, and a collector only
 *    deletes files of REMOVING blocks, which step 2 detects);
 * 4. UPLOADING -> make sure the file exists (again), then ONLINE; REMOVING -> a collector decided
 *    before our reference existed: wait until it finishes or restores the block, then start again.
 * Returned as a BlockWriter sink: `put` resolves once the block is durable and protected.
 */
export function blockPublisher(deps: PublisherDeps, blobId: string): Pick<BlockStore, 'put'> {
  return {
    async put(hash: string, data: Uint8Array): Promise<{ created: boolean }> {
      const deadline = Date.now() + REMOVING_WAIT_MS;
      let referenced = false;
      for (;;) {
        const [state, file] = await Promise.all([
          announce(deps, hash, blobId, data.length, referenced),
          deps.store.put(hash, data),
        ]);
        referenced = true;
        if (state === 'ONLINE') return file;
        if (state === 'UPLOADING') {
          // The write above ran before the claim, so it may have merely touched a file that a
          // collector (deciding before our reference existed) deleted right after. Now the row is
          // UPLOADING with our reference in place, no collector can delete it: make sure it is there.
          const ensured = await deps.store.put(hash, data);
          if (await deps.states.markOnline(hash)) return { created: file.created || ensured.created };
        }
        if (Date.now() > deadline) {
          throw new S3Error('ServiceUnavailable', 'A block is being garbage-collected; retry.');
        }
        await new Promise((r) => setTimeout(r, 25 + Math.random() * 100));
      }
    },
  };
}

/** Steps 1-2: the reference (once), then the state, claiming the block if it has none. */
async function announce(
  deps: PublisherDeps,
  hash: string,
  blobId: string,
  size: number,
  referenced: boolean,
): Promise<BlockState> {
  if (!referenced) await deps.refs.add(hash, blobId);
  const state = await deps.states.get(hash);
  if (state !== undefined) return state;
  return (await deps.states.claimForWrite(hash, size)).state;
}
