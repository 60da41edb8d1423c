import { pseudoRandom } from '../lib/data.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { errorText, type Metric, sizeLabel, type Workload, type WorkloadContext } from './workload.js';

const BUCKET = 'bench-small';

/** Metrics of one small-object phase: ops/s and p50/p99 latency. */
function phaseMetrics(name: string, r: LoadResult): Metric[] {
  const total = r.ops + r.errors;
  if (r.ops === 0) throw new Error(r.firstError ?? 'no operation completed');
  const note = r.errors ? `${r.errors} of ${total} requests failed; first: ${r.firstError}` : undefined;
  return [
    { name: `${name} ops/s`, value: r.ops / r.seconds, unit: 'ops/s', better: 'higher', note },
    { name: `${name} p50`, value: r.latencies.percentile(50), unit: 'ms', better: 'lower' },
    { name: `${name} p99`, value: r.latencies.percentile(99), unit: 'ms', better: 'lower' },
  ];
}

function failed(name: string, err: unknown): Metric[] {
  const error = errorText(err);
  return ['ops/s', 'p50', 'p99'].map((m) => ({
    name: `${name} ${m}`,
    value: Number.NaN,
    unit: m === 'ops/s' ? 'ops/s' : 'ms',
    better: m === 'ops/s' ? ('higher' as const) : ('lower' as const),
    error,
  }));
}

/** PUT, GET, HEAD (each for a fixed time) and DELETE (of every key PUT made) of small objects. */
export const smallObjects: Workload = {
  id: 'small',
  title: 'Small objects',
  async run(ctx: WorkloadContext): Promise<Metric[]> {
    const { s3, scale } = ctx;
    await s3.createBucket(BUCKET);
    const size = scale.smallObject;
    const pool = pseudoRandom(size * 4096, 'small-objects');
    // Object i is slot (i mod 4096) of the pool with i written in front, so no two are equal.
    const body = (i: number) => {
      const b = Buffer.from(pool.subarray((i % 4096) * size, ((i % 4096) + 1) * size));
      b.writeUInt32BE(i, 0);
      return b;
    };
    const key = (i: number) => `small/${i.toString(16).padStart(8, '0')}`;
    const prefix = `${sizeLabel(size)} x ${scale.smallClients} clients:`;
    const limit = { seconds: scale.smallSeconds };
    const out: Metric[] = [];
    let written = 0;
    try {
      const put = await runLoad(scale.smallClients, limit, (i) => s3.put(BUCKET, key(i), body(i)));
      written = put.ops;
      out.push(...phaseMetrics(`${prefix} PUT`, put));
    } catch (err) {
      return [...failed(`${prefix} PUT`, err)];
    }
    const phases: [string, (i: number) => Promise<unknown>, { seconds?: number; total?: number }][] = [
      ['GET', (i) => s3.get(BUCKET, key(i % written)).then((n) => check(n, size, i)), limit],
      ['HEAD', (i) => s3.head(BUCKET, key(i % written)).then((n) => check(n, size, i)), limit],
      ['DELETE', (i) => s3.delete(BUCKET, key(i)), { total: written }],
    ];
    for (const [name, op, lim] of phases) {
      try {
        out.push(...phaseMetrics(`${prefix} ${name}`, await runLoad(scale.smallClients, lim, op, true)));
      } catch (err) {
        out.push(...failed(`${prefix} ${name}`, err));
      }
    }
    return out;
  },
};

function check(got: number, want: number, i: number): void {
  if (got !== want) throw new Error(`object ${i}: ${got} bytes, expected ${want}`);
}
