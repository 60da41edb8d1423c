import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat times; 100 on every Linux the project runs on. */
const CLK_TCK = 100;

/** Resident memory in bytes from /proc/<pid>/status (VmRSS now, VmHWM = the kernel's peak). */
export function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5), counted from the state).
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/**
 * Samples the resident memory of some processes every `intervalMs`, keeping the peak since the
 * last `reset()` (for per-workload peaks; the process-lifetime peak is VmHWM).
 */
export class RssSampler {
  private peaks = new Map<number, number>();
  /** The window `reset()` closed last. */
  lastPeaks = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: () => number[],
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    for (const pid of this.pids()) {
      const m = memoryOf(pid);
      if (m) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, m.rss));
    }
  }

  /** Peak RSS per pid since the last reset, then starts a new window. */
  reset(): Map<number, number> {
    this.sample();
    const out = this.peaks;
    this.peaks = new Map();
    this.lastPeaks = out;
    return out;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
