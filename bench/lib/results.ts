import type { Metric } from '../workloads/workload.js';

/** What one workload cost on one server, beside its metrics. */
export interface WorkloadRun {
  id: string;
  title: string;
  seconds: number;
  /** CPU of the benchmark client (this process), in % of one core over the workload's wall time. */
  clientCpuPercent: number;
  serverCpuPercent: number;
  /** CPU of helper processes (OK-S3: Cassandra), same unit; shared with anything else they serve. */
  helperCpuPercent: Record<string, number>;
  /** Highest sampled RSS of the server process during the workload. */
  serverPeakRssMiB: number;
  metrics: Metric[];
  /** Set when the workload stopped early (its remaining metrics are missing). */
  error?: string;
}

export interface ServerRun {
  name: string;
  /** Why the server did not run (not built, failed to start...). */
  unavailable?: string;
  version?: string;
  /** VmHWM: the kernel's record of the server process's peak RSS over its whole life. */
  peakRssMiB?: number;
  helpers?: { label: string; rssAtStartMiB: number; peakRssMiB: number; vmHwmMiB: number }[];
  dataDirMiB?: number;
  workloads: WorkloadRun[];
}

export interface BenchResults {
  date: string;
  command: string;
  scale: string;
  machine: Record<string, string>;
  notes: string[];
  servers: ServerRun[];
}

/** Errors that mean "this server does not implement that S3 action" (501, or 405 for no route). */
export function isUnsupported(error: string): boolean {
  return /NotImplemented|MethodNotAllowed|HTTP 501|HTTP 405/.test(error);
}

/**
 * What makes the run fail: a server that was available but did not start (a harness problem), and
 * any OK-S3 error other than "not supported". Peers' own errors are reported, never fatal: the
 * harness cannot fix s3rver's races.
 */
export function unexpectedErrors(results: BenchResults): string[] {
  const out: string[] = [];
  for (const s of results.servers) {
    if (s.unavailable?.startsWith('failed to start')) out.push(`${s.name}: ${s.unavailable}`);
    if (s.name !== 'OK-S3') continue;
    for (const w of s.workloads) {
      if (w.error && !isUnsupported(w.error)) out.push(`${s.name} ${w.id}: ${w.error}`);
      for (const m of w.metrics) {
        if (m.error && !isUnsupported(m.error)) out.push(`${s.name} ${m.name}: ${m.error}`);
        if (m.note) out.push(`${s.name} ${m.name}: ${m.note}`);
      }
    }
  }
  return out;
}
