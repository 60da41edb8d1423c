import type { S3Ops } from '../lib/s3-ops.js';
import type { RunningServer } from '../servers/server.js';
import type { Scale } from './scale.js';

/** One number a workload measured, e.g. "PUT 1 GiB" in MiB/s. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** Which direction is better, for reading ratios. */
  better: 'higher' | 'lower' | 'none';
  /** Set when this step failed on this server (e.g. an S3 action it does not implement). */
  error?: string;
  /** Set when some requests failed but the number still means something (e.g. 3 of 9,000 failed). */
  note?: string;
}

export interface WorkloadContext {
  server: RunningServer;
  s3: S3Ops;
  scale: Scale;
  /** Compare downloaded bytes with what was uploaded (costs client CPU; on in smoke runs). */
  verify: boolean;
  log(message: string): void;
}

export interface Workload {
  /** Short id used on the command line (--only) and in the JSON. */
  id: string;
  title: string;
  run(ctx: WorkloadContext): Promise<Metric[]>;
}

export const MiB = 1024 * 1024;

export function mibPerSecond(bytes: number, seconds: number): number {
  return bytes / MiB / seconds;
}

/** Runs one step; a failure becomes a metric with an error instead of ending the workload. */
export async function step(
  name: string,
  unit: string,
  better: Metric['better'],
  body: () => Promise<number>,
): Promise<Metric> {
  try {
    return { name, value: await body(), unit, better };
  } catch (err) {
    return { name, value: Number.NaN, unit, better, error: errorText(err) };
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/** Human size for workload names: 1 GiB, 64 MiB, 4 KiB, 5 MB. */
export function sizeLabel(bytes: number): string {
  if (bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % 1_000_000 === 0) return `${bytes / 1_000_000} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}
