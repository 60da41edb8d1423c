import type { Logger } from '../../logger.js';
import { type CollectorDeps, collectGarbage } from './garbage-collector.js';
import { type SweepAges, type SweeperDeps, sweepIntents } from './intent-sweeper.js';

export interface BackgroundOptions {
  intervalSeconds: number;
  graceSeconds: number;
  staleClaimSeconds: number;
  ages: SweepAges;
}

/**
 * Runs the intent sweeper and the block collector periodically, one pass at a time. Several
 * servers may run them at once: every step is idempotent or an LWT.
 */
export function startBackgroundTasks(
  deps: CollectorDeps & SweeperDeps,
  opts: BackgroundOptions,
  log: Logger,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const pass = async () => {
    try {
      await sweepIntents(deps, opts.ages);
      await collectGarbage(deps, opts.graceSeconds, 200, opts.staleClaimSeconds);
    } catch (err) {
      // A Cassandra error only postpones the pass: nothing is decided on a failed read.
      log.warn({ err }, 'background pass failed; will retry');
    }
  };
  const timer = setInterval(() => {
    running ??= pass().finally(() => {
      running = undefined;
    });
  }, opts.intervalSeconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
