import { MiB } from './workload.js';

/** Every size and count the workloads use; `full` is what the issue asks for. */
export interface Scale {
  name: string;
  bigObject: number;
  midObject: number;
  midObjects: number;
  midClients: number;
  smallObject: number;
  smallClients: number;
  /** Seconds each of PUT, GET and HEAD of small objects runs (DELETE removes what PUT made). */
  smallSeconds: number;
  listKeys: number;
  listSetupClients: number;
  listPageSize: number;
  multipartObject: number;
  multipartPart: number;
  multipartParallel: number;
  dedupObject: number;
  dedupCopies: number;
  dedupVersions: number;
  dedupPartSizes: number[];
}

export const FULL: Scale = {
  name: 'full',
  bigObject: 1024 * MiB,
  midObject: 64 * MiB,
  midObjects: 16,
  midClients: 8,
  smallObject: 4096,
  smallClients: 32,
  smallSeconds: 10,
  listKeys: 100_000,
  listSetupClients: 64,
  listPageSize: 1000,
  multipartObject: 1024 * MiB,
  multipartPart: 16 * MiB,
  multipartParallel: 4,
  dedupObject: 256 * MiB,
  dedupCopies: 10,
  dedupVersions: 10,
  // "5 MB" read as AWS tools mean it (5 MiB): 5,000,000-byte parts are below S3's 5 MiB minimum
  // part size, and MinIO rightly rejects them with EntityTooSmall.
  dedupPartSizes: [5 * MiB, 8 * MiB],
};

/** Tiny sizes for CI: the same code paths in a few seconds per server. */
export const SMOKE: Scale = {
  ...FULL,
  name: 'smoke',
  bigObject: 4 * MiB,
  midObject: 1 * MiB,
  midObjects: 8,
  smallSeconds: 1,
  listKeys: 1000,
  listSetupClients: 32,
  listPageSize: 100,
  multipartObject: 12 * MiB,
  multipartPart: 5 * MiB,
  dedupObject: 12 * MiB,
  dedupCopies: 3,
  dedupVersions: 3,
};

/** `full`, `smoke`, or a fraction of full (0.25 = a quarter of every size, key count and duration;
 * the dedup workload keeps its 10 copies and 10 versions, of a smaller object). */
export function parseScale(raw: string): Scale {
  if (raw === 'full') return FULL;
  if (raw === 'smoke') return SMOKE;
  const f = Number(raw);
  if (!(f > 0 && f <= 1)) throw new Error(`--scale must be full, smoke or a number in (0, 1], got "${raw}"`);
  // S3 parts other than the last must be at least 5 MiB, so part sizes never shrink.
  const size = (n: number, min: number) => Math.max(min, Math.round((n * f) / MiB) * MiB);
  return {
    ...FULL,
    name: `x${f}`,
    bigObject: size(FULL.bigObject, MiB),
    midObject: size(FULL.midObject, MiB),
    smallSeconds: Math.max(1, Math.round(FULL.smallSeconds * f)),
    listKeys: Math.max(100, Math.round(FULL.listKeys * f)),
    multipartObject: size(FULL.multipartObject, 2 * FULL.multipartPart),
    dedupObject: size(FULL.dedupObject, 16 * MiB),
  };
}
