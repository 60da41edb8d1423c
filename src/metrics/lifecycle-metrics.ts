import { Counter, type Registry } from 'prom-client';
import type { LifecycleReport } from '../storage/background/background-observer.js';

/**
 * The names lifecycle work is counted under: each pass of the lifecycle executor hands its counts
 * to BackgroundObserver.lifecycleApplied (its duration and failures to passFinished, task
 * `lifecycle`).
 */
export const LIFECYCLE_METRICS = {
  rulesApplied: 'oks3_lifecycle_rules_applied_total',
  objectsExpired: 'oks3_lifecycle_objects_expired_total',
  uploadsAborted: 'oks3_lifecycle_uploads_aborted_total',
} as const;

export function lifecycleMetrics(registry: Registry): (report: LifecycleReport) => void {
  const registers = [registry];
  const rules = new Counter({
    name: LIFECYCLE_METRICS.rulesApplied,
    help: 'Lifecycle rules applied to a bucket by the lifecycle pass.',
    registers,
  });
  const objects = new Counter({
    name: LIFECYCLE_METRICS.objectsExpired,
    help: 'Object versions expired by lifecycle rules.',
    registers,
  });
  const uploads = new Counter({
    name: LIFECYCLE_METRICS.uploadsAborted,
    help: 'Incomplete multipart uploads aborted by lifecycle rules.',
    registers,
  });
  return (report) => {
    rules.inc(report.rulesApplied);
    objects.inc(report.objectsExpired);
    uploads.inc(report.uploadsAborted);
  };
}
