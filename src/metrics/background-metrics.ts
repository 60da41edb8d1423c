import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BackgroundObserver } from '../storage/background/background-observer.js';
import { lifecycleMetrics } from './lifecycle-metrics.js';

const PASS_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600];

/**
 * The background passes: how long each takes and how often it fails, each one's backlog (what was
 * due when its last pass started) and its work (counters).
 */
export function backgroundMetrics(registry: Registry): BackgroundObserver {
  const registers = [registry];
  const counter = (name: string, help: string) => new Counter({ name, help, registers });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
  const duration = new Histogram({
    name: 'oks3_background_pass_duration_seconds',
    help: 'Duration of background passes, by task.',
    labelNames: ['task'] as const,
    buckets: PASS_BUCKETS,
    registers,
  });
  const failures = new Counter({
    name: 'oks3_background_pass_failures_total',
    help: 'Background passes that failed (retried at the next interval), by task.',
    labelNames: ['task'] as const,
    registers,
  });
  const gcBacklog = gauge(
    'oks3_gc_backlog_blocks',
    'Blocks past the grace period in the GC queue at the last collector pass (at most 200 per shard).',
  );
  const gcRemoved = counter('oks3_gc_blocks_removed_total', 'Unreferenced blocks the collector deleted.');
  const gcKept = counter(
    'oks3_gc_blocks_kept_total',
    'GC queue entries dropped because the block had a reference again.',
  );
  const intents = gauge(
    'oks3_sweeper_intents',
    'Blob intents open at the last sweeper pass (live writes and deletes included).',
  );
  const sweepBacklog = gauge(
    'oks3_sweeper_backlog_intents',
    'Blob intents old enough to be finished at the last sweeper pass.',
  );
  const swept = counter('oks3_sweeper_intents_finished_total', 'Blob intents the sweeper finished.');
  const owned = gauge(
    'oks3_reachability_owned_blobs',
    'Blobs something owned at the last reachability sweep.',
  );
  const blobsFreed = counter(
    'oks3_reachability_blobs_freed_total',
    'Unowned blobs the reachability sweep freed.',
  );
  const refsRemoved = counter(
    'oks3_reachability_references_removed_total',
    'References of vanished blobs the reachability sweep removed.',
  );
  const filesQueued = counter(
    'oks3_reachability_files_queued_total',
    'Unreferenced block files the reachability sweep queued for the collector.',
  );
  const rechunked = new Counter({
    name: 'oks3_rechunk_versions_total',
    help: 'Multipart versions handled by the part-edge re-chunker, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const openUploads = gauge('oks3_multipart_open_uploads', 'Multipart uploads open at the last expiry pass.');
  const expiryBacklog = gauge(
    'oks3_multipart_expired_backlog',
    'Open multipart uploads past OKS3_MULTIPART_MAX_AGE_SECONDS at the last expiry pass.',
  );
  const expired = counter('oks3_multipart_uploads_expired_total', 'Multipart uploads aborted for their age.');
  const lifecycle = lifecycleMetrics(registry);
  return {
    passFinished: (task, seconds, failed) => {
      duration.observe({ task }, seconds);
      if (failed) failures.inc({ task });
    },
    collected: (stats) => {
      gcBacklog.set(stats.examined);
      gcRemoved.inc(stats.removed);
      gcKept.inc(stats.kept);
    },
    swept: (report) => {
      intents.set(report.intents);
      sweepBacklog.set(report.due);
      swept.inc(report.finished);
    },
    reachabilitySwept: (report) => {
      owned.set(report.ownedBlobs);
      blobsFreed.inc(report.unownedBlobsFreed);
      refsRemoved.inc(report.deadReferencesRemoved);
      filesQueued.inc(report.orphanFilesQueued);
    },
    rechunked: (counts) => {
      for (const [outcome, n] of Object.entries(counts)) rechunked.inc({ outcome }, n);
    },
    uploadsExpired: (report) => {
      openUploads.set(report.open);
      expiryBacklog.set(report.expired);
      expired.inc(report.aborted);
    },
    lifecycleApplied: lifecycle,
  };
}
