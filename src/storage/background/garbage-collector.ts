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

/** Queue entries collected at once. */
const PARALLEL = 16;

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
  // Blocks are independent and each step is an LWT or idempotent, so several are collected at once
  // (the same block twice is settled by its claim: one collector wins, the other skips it).
  for (let i = 0; i < due.length; i += PARALLEL) {
    const outcomes = await Promise.all(
      due.slice(i, i + PARALLEL).map((c) => collectOne(deps, c, staleClaimSeconds)),
    );
    for (const outcome of outcomes) {
      stats.examined += 1;
      if (outcome !== 'busy') stats[outcome] += 1;
    }
  }
  if (stats.examined > 0) deps.log.info(stats, 'garbage collection pass');
  return stats;
}

/** One queue entry; 'busy' when another collector holds the block (the entry stays queued). */
async function collectOne(
  deps: CollectorDeps,
  candidate: GcCandidate,
  staleClaimSeconds: number,
): Promise<'removed' | 'kept' | 'busy'> {
  const { hash } = candidate;
  if (await deps.refs.isReferenced(hash)) {
    // A removal abandoned by a dead collector would make writers of this block wait forever.
    if (await staleRemoval(deps, hash, staleClaimSeconds))
      await deps.states.restore(hash, (await deps.store.has(hash)) ? 'ONLINE' : 'ABSENT');
    await deps.gcQueue.done(candidate);
    return 'kept';
  }
  let previous = await deps.states.claimForRemoval(hash);
  if (previous === undefined) {
    // Another collector holds it; take its claim over only once it has clearly died.
    if (!(await staleRemoval(deps, hash, staleClaimSeconds))) return 'busy';
    previous = (await deps.store.has(hash)) ? 'ONLINE' : 'ABSENT';
  }
  let outcome: 'removed' | 'kept';
  if (await deps.refs.isReferenced(hash)) {
    await deps.states.restore(hash, previous);
    outcome = 'kept';
  } else {
    await deps.store.delete(hash);
    await deps.states.forget(hash);
    outcome = 'removed';
  }
  await deps.gcQueue.done(candidate);
  return outcome;
}
