import type { Logger } from '../../logger.js';
import type { RechunkQueueRows } from '../../metadata/ports.js';
import { type PartEdgeDeps, type RechunkOutcome, rechunkPartEdges } from '../dedup/part-edges.js';

export interface RechunkRunnerDeps extends PartEdgeDeps {
  rechunks: RechunkQueueRows;
  log: Logger;
}

export type RechunkCounts = Record<RechunkOutcome | 'failed', number>;

/**
 * One pass over the queue of multipart versions whose part edges wait to be re-chunked
 * (storage/dedup/part-edges.ts). An entry is removed once its version is re-chunked, needs nothing
 * or is gone; a failure (a Cassandra error, a block being collected under a concurrent delete)
 * leaves it for the next pass. Several servers may work the same entry: the segment move is a
 * conditional batch, so one wins and the others free their blob.
 */
export async function rechunkQueued(deps: RechunkRunnerDeps, limit = 16): Promise<RechunkCounts> {
  const counts: RechunkCounts = { rechunked: 0, unchanged: 0, gone: 0, failed: 0 };
  for (const entry of await deps.rechunks.pending(limit)) {
    try {
      const exists = await deps.versions.version(entry.bucket, entry.key, entry.versionId);
      const outcome = exists ? await rechunkPartEdges(entry.versionId, deps) : 'gone';
      counts[outcome]++;
      await deps.rechunks.done(entry.versionId);
    } catch (err) {
      counts.failed++;
      deps.log.warn({ err, ...entry }, 're-chunking part edges failed; will retry');
    }
  }
  if (counts.rechunked + counts.failed > 0) deps.log.info(counts, 're-chunked part edges');
  return counts;
}
