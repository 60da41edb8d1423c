import type { BlockStore } from '../blocks/index.js';
import { S3Error } from '../http/errors.js';
import type { BlockRefRepository } from '../metadata/block-ref-repository.js';
import type { BlockStateRepository } from '../metadata/block-state-repository.js';

/** How long a writer waits for the collector to finish removing a block it needs again. */
const REMOVING_WAIT_MS = 30_000;

export interface PublisherDeps {
  store: BlockStore;
  refs: BlockRefRepository;
  states: BlockStateRepository;
}

/**
 * Publishes one block of a blob under the dedup protocol (docs/ARCHITECTURE.md, "Block lifecycle"):
 * 1. write the reference first, so a collector that has not yet re-checked references will see it;
 * 2. then read the block's state: ONLINE -> make sure the file is there; absent -> claim it
 *    (UPLOADING), write the file, mark it ONLINE; UPLOADING -> write it too (writes are atomic and
 *    idempotent) and mark it ONLINE; REMOVING -> a collector decided before our reference existed:
 *    wait until it finishes or restores the block, then start again.
 * Returned as a BlockWriter sink: `put` resolves once the block is durable and protected.
 */
export function blockPublisher(deps: PublisherDeps, blobId: string): Pick<BlockStore, 'put'> {
  return {
    async put(hash: string, data: Uint8Array): Promise<{ created: boolean }> {
      await deps.refs.add(hash, blobId);
      const deadline = Date.now() + REMOVING_WAIT_MS;
      for (;;) {
        let state = await deps.states.get(hash);
        if (state === undefined) {
          const claim = await deps.states.claimForWrite(hash, data.length);
          state = claim.state;
        }
        if (state === 'ONLINE') {
          // The state says the file exists; a lost file is rewritten rather than trusted.
          if (await deps.store.has(hash)) return { created: false };
          return deps.store.put(hash, data);
        }
        if (state === 'UPLOADING') {
          const result = await deps.store.put(hash, data);
          if (await deps.states.markOnline(hash)) return result;
          continue; // a collector took it meanwhile (only possible for a crashed writer's block): retry
        }
        if (Date.now() > deadline)
          throw new S3Error('ServiceUnavailable', 'A block is being garbage-collected; retry.');
        await new Promise((r) => setTimeout(r, 25 + Math.random() * 100));
      }
    },
  };
}
