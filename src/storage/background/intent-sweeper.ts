import type { Logger } from '../../logger.js';
import type { BlobIntent } from '../../metadata/blob-repository.js';
import { freeBlob, type ReleaseDeps } from '../dedup/blob-release.js';

export interface SweeperDeps extends ReleaseDeps {
  /** Whether the owner named in an intent (e.g. `v:<versionId>`) still points at the blob. */
  ownerExists(owner: string, blobId: string): Promise<boolean>;
  log: Logger;
}

export interface SweepAges {
  /** A 'write' intent older than this belongs to a writer that crashed or gave up. */
  writeSeconds: number;
  /** A 'release' intent older than this was left by a delete that did not finish. */
  releaseSeconds: number;
}

/**
 * Finishes what crashed requests left: blobs written but never committed (their blocks would
 * otherwise stay referenced forever) and releases that stopped half-way.
 */
export async function sweepIntents(deps: SweeperDeps, ages: SweepAges, now = Date.now()): Promise<number> {
  return (await sweepIntentsReport(deps, ages, now)).finished;
}

export interface SweepReport {
  /** Intents open at the pass (live writes and deletes included). */
  intents: number;
  /** Of those, the ones old enough to be finished: the sweeper's backlog. */
  due: number;
  finished: number;
}

/** sweepIntents, telling what it saw (for metrics). */
export async function sweepIntentsReport(
  deps: SweeperDeps,
  ages: SweepAges,
  now = Date.now(),
): Promise<SweepReport> {
  let finished = 0;
  let intents = 0;
  let due = 0;
  for await (const intent of deps.blobs.intents()) {
    intents += 1;
    const limit = intent.reason === 'write' ? ages.writeSeconds : ages.releaseSeconds;
    if (now - intent.since.getTime() < limit * 1000) continue;
    due += 1;
    try {
      await finish(intent, deps);
      finished += 1;
    } catch (err) {
      // One intent that cannot be finished now must not hold back all the others behind it.
      deps.log.warn({ err, blobId: intent.blobId, reason: intent.reason }, 'intent not finished; will retry');
    }
  }
  if (finished > 0) deps.log.info({ finished }, 'swept blob intents');
  return { intents, due, finished };
}

async function finish(intent: BlobIntent, deps: SweeperDeps): Promise<void> {
  const owned = intent.owner !== null && (await deps.ownerExists(intent.owner, intent.blobId));
  if (intent.reason === 'write') {
    // Writers commit the version first and the blob second (PENDING -> COMMITTED, an LWT). If the
    // owner exists, the write finished. If not, abandoning the blob (the same LWT) either wins, and
    // the writer's own commit will fail, or loses to a writer that just committed.
    if (!owned && (await deps.blobs.abandon(intent.blobId))) await freeBlob(intent.blobId, deps);
    return deps.blobs.removeIntent(intent.blobId, 'write');
  }
  if (!owned) await freeBlob(intent.blobId, deps);
  await deps.blobs.removeIntent(intent.blobId, 'release');
}
