import type { Logger } from '../../logger.js';
import { type BackgroundObserver, timedPass, UNOBSERVED } from './background-observer.js';
import { type CollectorDeps, collectGarbage } from './garbage-collector.js';
import { type SweepAges, type SweeperDeps, sweepIntentsReport } from './intent-sweeper.js';
import type { LifecycleExecutor } from './lifecycle-executor.js';
import { type ReachabilityDeps, sweepUnreachableOnce } from './reachability-sweep.js';
import { type RechunkRunnerDeps, type RetryBook, rechunkQueued } from './rechunk-runner.js';

export interface BackgroundOptions {
  intervalSeconds: number;
  graceSeconds: number;
  staleClaimSeconds: number;
  ages: SweepAges;
  reachability: { intervalSeconds: number; guardSeconds: number };
  /** How often the queue of multipart versions to re-chunk is drained; 0 = never. */
  rechunkIntervalSeconds: number;
  /** Buckets' lifecycle rules, a pass every `intervalSeconds`; 0 = never. */
  lifecycle?: { executor: Pick<LifecycleExecutor, 'runPass'>; intervalSeconds: number };
}

/**
 * Runs the intent sweeper and the block collector periodically, one pass at a time, the
 * reachability sweep (the safety net) on its own, longer period, the part-edge re-chunker on
 * its own, short one, and the lifecycle executor on its own. Several servers may run them at once:
 * every step is idempotent or an LWT, and the reachability sweep and lifecycle take leases.
 */
export function startBackgroundTasks(
  deps: CollectorDeps & SweeperDeps & ReachabilityDeps & RechunkRunnerDeps,
  opts: BackgroundOptions,
  log: Logger,
  observer: BackgroundObserver = UNOBSERVED,
): () => Promise<void> {
  const stopReachability = every(opts.reachability.intervalSeconds, log, 'reachability sweep', async () => {
    const report = await timedPass(observer, 'reachability', () =>
      sweepUnreachableOnce(deps, opts.reachability.guardSeconds, opts.reachability.intervalSeconds),
    );
    if (report) observer.reachabilitySwept(report);
  });
  const stopPasses = every(opts.intervalSeconds, log, 'background pass', async () => {
    observer.swept(await timedPass(observer, 'sweeper', () => sweepIntentsReport(deps, opts.ages)));
    observer.collected(
      await timedPass(observer, 'collector', () =>
        collectGarbage(deps, opts.graceSeconds, 200, opts.staleClaimSeconds),
      ),
    );
  });
  const retries: RetryBook = new Map();
  const stopRechunk =
    opts.rechunkIntervalSeconds > 0
      ? every(opts.rechunkIntervalSeconds, log, 're-chunk pass', async () =>
          observer.rechunked(await timedPass(observer, 'rechunk', () => rechunkQueued(deps, retries))),
        )
      : async () => {};
  const { lifecycle } = opts;
  const stopLifecycle =
    lifecycle && lifecycle.intervalSeconds > 0
      ? every(lifecycle.intervalSeconds, log, 'lifecycle pass', async () =>
          observer.lifecycleApplied(
            await timedPass(observer, 'lifecycle', () => lifecycle.executor.runPass()),
          ),
        )
      : async () => {};
  return async () => {
    await stopPasses();
    await stopReachability();
    await stopRechunk();
    await stopLifecycle();
  };
}

/** Runs `pass` every `seconds`, never two at once; a failure only postpones it. */
export function every(
  seconds: number,
  log: Logger,
  what: string,
  pass: () => Promise<unknown>,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = async () => {
    try {
      await pass();
    } catch (err) {
      // A Cassandra error only postpones the pass: nothing is decided on a failed read.
      log.warn({ err }, `${what} failed; will retry`);
    }
  };
  const timer = setInterval(() => {
    running ??= run().finally(() => {
      running = undefined;
    });
  }, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
