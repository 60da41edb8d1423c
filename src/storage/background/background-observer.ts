import type { CollectStats } from './garbage-collector.js';
import type { SweepReport } from './intent-sweeper.js';
import type { ReachabilityReport } from './reachability-sweep.js';
import type { RechunkCounts } from './rechunk-runner.js';

/** The background passes, as metric labels name them. */
export type BackgroundTask =
  | 'collector'
  | 'sweeper'
  | 'reachability'
  | 'rechunk'
  | 'upload_expiry'
  | 'lifecycle';

/** What one pass of the multipart upload expiry saw and did. */
export interface ExpiryReport {
  /** Multipart uploads open at the pass. */
  open: number;
  /** Of those, the ones past the maximum age: the expiry's backlog. */
  expired: number;
  aborted: number;
}

/** What lifecycle rules did in one pass (storage/background/lifecycle-executor.ts). */
export interface LifecycleReport {
  rulesApplied: number;
  objectsExpired: number;
  uploadsAborted: number;
}

/**
 * Told what each background pass found and did: its backlog (work due when it started) and its
 * work. Storage knows nothing of how it is counted (src/metrics implements it).
 */
export interface BackgroundObserver {
  passFinished(task: BackgroundTask, seconds: number, failed: boolean): void;
  collected(stats: CollectStats): void;
  swept(report: SweepReport): void;
  reachabilitySwept(report: ReachabilityReport): void;
  rechunked(counts: RechunkCounts): void;
  uploadsExpired(report: ExpiryReport): void;
  lifecycleApplied(report: LifecycleReport): void;
}

export const UNOBSERVED: BackgroundObserver = {
  passFinished: () => {},
  collected: () => {},
  swept: () => {},
  reachabilitySwept: () => {},
  rechunked: () => {},
  uploadsExpired: () => {},
  lifecycleApplied: () => {},
};

/** Runs one pass, telling the observer how long it took and whether it failed (then rethrows). */
export async function timedPass<T>(
  observer: BackgroundObserver,
  task: BackgroundTask,
  pass: () => Promise<T>,
): Promise<T> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const result = await pass();
    observer.passFinished(task, seconds(), false);
    return result;
  } catch (err) {
    observer.passFinished(task, seconds(), true);
    throw err;
  }
}
