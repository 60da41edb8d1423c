import { pseudoRandom } from '../lib/data.js';
import { diskUsage } from '../lib/disk-usage.js';
import { multipartUpload } from './multipart.js';
import {
  errorText,
  type Metric,
  MiB,
  mibPerSecond,
  sizeLabel,
  type Workload,
  type WorkloadContext,
} from './workload.js';

const BUCKET = 'bench-dedup';
const PARALLEL_PARTS = 4;

/**
 * Version `i` of the base object: 100 bytes replaced by 110 new ones (so everything after the
 * edit shifts by 10 bytes) at the middle plus i MiB. Each version differs from the base and from
 * every other version in one small place.
 */
function edited(base: Buffer, i: number): Buffer {
  const at = Math.min(base.length - 100, Math.floor(base.length / 2) + i * MiB);
  return Buffer.concat([base.subarray(0, at), pseudoRandom(110, `edit ${i}`), base.subarray(at + 100)]);
}

interface Phase {
  name: string;
  /** Bytes the phase uploads. */
  logical: number;
  /** Uploads object `i` of the phase and returns its logical size. */
  upload: (i: number) => Promise<number>;
  count: number;
}

/**
 * What deduplication saves: identical copies, versions with small edits, and the same file through
 * multipart uploads of two part sizes, each phase reporting the bytes its uploads added on disk.
 * Versions are stored under their own keys because not every server implements versioning.
 */
export const dedup: Workload = {
  id: 'dedup',
  title: 'Deduplication',
  async run(ctx: WorkloadContext): Promise<Metric[]> {
    const { s3, scale } = ctx;
    await s3.createBucket(BUCKET);
    const base = pseudoRandom(scale.dedupObject, 'dedup-base');
    const size = sizeLabel(scale.dedupObject);
    const phases: Phase[] = [
      {
        name: `${scale.dedupCopies} copies of ${size}`,
        logical: scale.dedupCopies * base.length,
        count: scale.dedupCopies,
        upload: (i) => s3.put(BUCKET, `copy-${i}`, base).then(() => base.length),
      },
      {
        name: `${scale.dedupVersions} edited versions of ${size}`,
        logical: scale.dedupVersions * (base.length + 10),
        count: scale.dedupVersions,
        upload: async (i) => {
          const v = edited(base, i + 1);
          await s3.put(BUCKET, `version-${i + 1}`, v);
          return v.length;
        },
      },
      ...scale.dedupPartSizes.map((part) => ({
        name: `same ${size} as multipart, ${sizeLabel(part)} parts`,
        logical: base.length,
        count: 1,
        upload: async () => {
          await multipartUpload(s3, BUCKET, `mp-${part}`, base, part, PARALLEL_PARTS);
          return base.length;
        },
      })),
    ];
    const out: Metric[] = [];
    const start = await diskUsage(ctx.server.dataDir);
    for (const phase of phases) out.push(...(await runPhase(ctx, phase)));
    const end = await diskUsage(ctx.server.dataDir);
    const logical = phases.reduce((n, p) => n + p.logical, 0);
    out.push({
      name: `dedup: all phases, on disk (logical ${(logical / MiB).toFixed(0)} MiB)`,
      value: (end.allocatedBytes - start.allocatedBytes) / MiB,
      unit: 'MiB',
      better: 'lower',
    });
    const meta = await ctx.server.metadataBytes();
    if (meta !== undefined) {
      out.push({
        name: 'metadata outside data dir (SSTables)',
        value: meta / MiB,
        unit: 'MiB',
        better: 'lower',
      });
    }
    return out;
  },
};

async function runPhase(ctx: WorkloadContext, phase: Phase): Promise<Metric[]> {
  const before = await diskUsage(ctx.server.dataDir);
  let logical = 0;
  let error: string | undefined;
  const t0 = performance.now();
  try {
    for (let i = 0; i < phase.count; i++) logical += await phase.upload(i);
  } catch (err) {
    error = errorText(err);
  }
  const seconds = (performance.now() - t0) / 1000;
  const after = await diskUsage(ctx.server.dataDir);
  const stored = (after.allocatedBytes - before.allocatedBytes) / MiB;
  ctx.log(`${phase.name}: ${(logical / MiB).toFixed(0)} MiB written, ${stored.toFixed(1)} MiB on disk`);
  return [
    {
      name: `dedup: ${phase.name}: written`,
      value: error ? Number.NaN : mibPerSecond(logical, seconds),
      unit: 'MiB/s',
      better: 'higher',
      error,
    },
    {
      name: `dedup: ${phase.name}: on disk (logical ${(phase.logical / MiB).toFixed(0)} MiB)`,
      value: error ? Number.NaN : stored,
      unit: 'MiB',
      better: 'lower',
      error,
    },
  ];
}
