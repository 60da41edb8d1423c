import type { BlockStore } from '../../blocks/index.js';
import type { Logger } from '../../logger.js';
import type { GcCandidate } from '../../metadata/gc-queue.js';
import type { BlockRefRows, BlockStateRows, GcQueueRows } from '../../metadata/ports.js';

export interface CollectorDeps {
  store: BlockStore;
  refs: BlockRefRows;
  states: BlockStateRows;
  gcQueue: GcQueueRows;
  log: Logger;
}

/**
 * A REMOVING claim older than this (default) belongs to a collector that died mid-removal. It must
 * be far longer than a live collector can take between its claim and its file delete (well under a
 * second), or a stalled collector could delete a file that a writer re-created after the takeover.
 */
export const STALE_CLAIM_SECONDS = 300;

async function staleRemoval(deps: CollectorDeps, hash: string, staleSeconds: number): Promise<boolean> {
  const current = await deps.states.getWithTime(hash);
  return current?.state === 'REMOVING' && Date.now() - current.updatedAt.getTime() > staleSeconds * 1000;
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
  staleClaimSeconds = STALE_CLAIM_SECONDS,
): Promise<CollectStats> {
  const stats: CollectStats = { examined: 0, removed: 0, kept: 0 };
  const due = await deps.gcQueue.due(new Date(Date.now() - graceSeconds * 1000), batch);
  for (const candidate of due) {
    try {
      await collectOne(deps, candidate, stats, staleClaimSeconds);
    } catch (err) {
      // One block that cannot be collected now must not hold back the queue behind it.
      deps.log.warn({ err, hash: candidate.hash }, 'block not collected; will retry');
    }
  }
  if (stats.examined > 0) deps.log.info(stats, 'garbage collection pass');
  return stats;
}

async function collectOne(
  deps: CollectorDeps,
  candidate: GcCandidate,
  stats: CollectStats,
  staleClaimSeconds: number,
): Promise<void> {
  stats.examined += 1;
  const { hash } = candidate;
  if (await deps.refs.isReferenced(hash)) {
    // A removal abandoned by a dead collector would make writers of this block wait forever.
    if (await staleRemoval(deps, hash, staleClaimSeconds))
      await deps.states.restore(hash, (await deps.store.has(hash)) ? 'ONLINE' : 'ABSENT');
    stats.kept += 1;
    await deps.gcQueue.done(candidate);
    return;
  }
  let previous = await deps.states.claimForRemoval(hash);
  if (previous === undefined) {
    // Another collector holds it; take its claim over only once it has clearly died.
    if (!(await staleRemoval(deps, hash, staleClaimSeconds))) return;
    previous = (await deps.store.has(hash)) ? 'ONLINE' : 'ABSENT';
  }
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
