import type { BlockStore } from '../blocks/index.js';
import type { Logger } from '../logger.js';
import type { BlockRefRepository } from '../metadata/block-ref-repository.js';
import type { BlockStateRepository } from '../metadata/block-state-repository.js';
import type { GcQueue } from '../metadata/gc-queue.js';

export interface CollectorDeps {
  store: BlockStore;
  refs: BlockRefRepository;
  states: BlockStateRepository;
  gcQueue: GcQueue;
  log: Logger;
}

export interface CollectStats {
  examined: number;
  removed: number;
  kept: number;
}

/**
 * One pass of the block collector over queue entries older than the grace period.
 * For each block: skip if referenced; else claim it (-> REMOVING, an LWT), re-check references
 * (a writer always writes its reference before it reads the state, so it either shows up here
 * or sees REMOVING and waits), then delete the file and forget the state.
 */
export async function collectGarbage(
  deps: CollectorDeps,
  graceSeconds: number,
  batch = 200,
): Promise<CollectStats> {
  const stats: CollectStats = { examined: 0, removed: 0, kept: 0 };
  const due = await deps.gcQueue.due(new Date(Date.now() - graceSeconds * 1000), batch);
  for (const candidate of due) {
    stats.examined += 1;
    const { hash } = candidate;
    if (await deps.refs.isReferenced(hash)) {
      stats.kept += 1;
      await deps.gcQueue.done(candidate);
      continue;
    }
    const previous = await deps.states.claimForRemoval(hash);
    if (previous === undefined) continue; // another collector holds it; the entry is retried later
    if (await deps.refs.isReferenced(hash)) {
      await deps.states.restore(hash, previous);
      stats.kept += 1;
    } else {
      await deps.store.delete(hash);
      await deps.states.forget(hash);
      stats.removed += 1;
    }
    await deps.gcQueue.done(candidate);
  }
  if (stats.examined > 0) deps.log.info(stats, 'garbage collection pass');
  return stats;
}
