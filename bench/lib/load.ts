/** Latencies in milliseconds, summarised as the benchmark reports them. */
export class Latencies {
  private readonly samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(p: number): number {
    if (this.samples.length === 0) return Number.NaN;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }
}

export interface LoadResult {
  /** Operations that succeeded. */
  ops: number;
  /** Operations that failed (only counted with `tolerateErrors`; otherwise the first one throws). */
  errors: number;
  firstError?: string;
  seconds: number;
  latencies: Latencies;
}

/**
 * Runs `op(i)` from `clients` concurrent loops until `total` operations are done or `seconds` have
 * passed (whichever comes first; either may be omitted). The first error stops every loop, unless
 * `tolerateErrors`: then failures are counted and the load goes on.
 */
export async function runLoad(
  clients: number,
  limit: { total?: number; seconds?: number },
  op: (i: number) => Promise<unknown>,
  tolerateErrors = false,
): Promise<LoadResult> {
  const latencies = new Latencies();
  const start = performance.now();
  const deadline = limit.seconds === undefined ? Number.POSITIVE_INFINITY : start + limit.seconds * 1000;
  const total = limit.total ?? Number.POSITIVE_INFINITY;
  let next = 0;
  let failed = false;
  let errors = 0;
  let firstError: string | undefined;
  const loop = async () => {
    while (!failed && next < total && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await op(i);
      } catch (err) {
        if (!tolerateErrors) {
          failed = true;
          throw err;
        }
        errors += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
        continue;
      }
      latencies.add(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return { ops: latencies.count, errors, firstError, seconds: (performance.now() - start) / 1000, latencies };
}
