import type { Logger } from '../../logger.js';
import type { RechunkQueueRows } from '../../metadata/ports.js';
import { timeuuidDate } from '../../metadata/reachability-scan.js';
import { type PartEdgeDeps, type RechunkOutcome, rechunkPartEdges } from '../dedup/part-edges.js';

export interface RechunkRunnerDeps extends PartEdgeDeps {
  rechunks: RechunkQueueRows;
  log: Logger;
}

export type RechunkCounts = Record<RechunkOutcome | 'failed' | 'dropped', number>;

/** Entries read per pass, and attempts made per pass (bounded work). */
const READ_LIMIT = 100;
const ATTEMPT_LIMIT = 16;
/** Waits after a failure, doubling from the first to the last. */
const FIRST_RETRY_MS = 5_000;
const LAST_RETRY_MS = 300_000;
/** A version still failing this long after it was written keeps its part edges as uploaded. */
const GIVE_UP_AFTER_MS = 3_600_000;

/** When each failed entry may be tried again, kept by one server (a restart just tries again). */
export type RetryBook = Map<string, { at: number; waitMs: number }>;

/**
 * One pass over the queue of multipart versions whose part edges wait to be re-chunked
 * (storage/dedup/part-edges.ts). An entry is removed once its version is re-chunked, needs nothing
 * or is gone. A failure (a Cassandra error, a block being collected under a concurrent delete, a
 * block this server cannot read) is retried later, less and less often, and given up an hour
 * after the version was written: the object stays correct, only its edges stay as uploaded.
 * Several servers may work the same entry: the segment move is a conditional batch, so one wins
 * and the others free their blob.
 */
export async function rechunkQueued(
  deps: RechunkRunnerDeps,
  retries: RetryBook = new Map(),
  now = Date.now,
): Promise<RechunkCounts> {
  const counts: RechunkCounts = { rechunked: 0, unchanged: 0, gone: 0, failed: 0, dropped: 0 };
  let attempts = 0;
  for (const entry of await deps.rechunks.pending(READ_LIMIT)) {
    const retry = retries.get(entry.versionId);
    if (retry && retry.at > now()) continue;
    if (++attempts > ATTEMPT_LIMIT) break;
    try {
      const exists = await deps.versions.version(entry.bucket, entry.key, entry.versionId);
      const outcome = exists ? await rechunkPartEdges(entry.versionId, deps) : 'gone';
      counts[outcome]++;
      await deps.rechunks.done(entry.versionId);
      retries.delete(entry.versionId);
    } catch (err) {
      counts.failed++;
      const old = now() - timeuuidDate(entry.versionId).getTime() > GIVE_UP_AFTER_MS;
      deps.log.warn({ err, ...entry, givenUp: old }, 're-chunking part edges failed');
      if (old) {
        counts.dropped++;
        retries.delete(entry.versionId);
        await deps.rechunks.done(entry.versionId).catch(() => {});
      } else {
        const waitMs = Math.min(LAST_RETRY_MS, retry ? retry.waitMs * 2 : FIRST_RETRY_MS);
        retries.set(entry.versionId, { at: now() + waitMs, waitMs });
      }
    }
  }
  if (counts.rechunked + counts.failed > 0) deps.log.info(counts, 're-chunked part edges');
  return counts;
}
