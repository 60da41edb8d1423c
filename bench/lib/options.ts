import { parseArgs } from 'node:util';
import { parseScale, type Scale } from '../workloads/scale.js';

const SMOKE_WORKLOADS = ['single', 'concurrent', 'small', 'list', 'multipart', 'dedup'];

export interface Options {
  scale: Scale;
  servers: string[];
  workloads: string[] | undefined;
  verify: boolean;
  keepData: boolean;
  workDir: string | undefined;
  out: string | undefined;
}

export const USAGE = `usage: node dist-bench/bench/run.js [options]
  --scale full|smoke|<fraction>   workload sizes (default full; smoke = tiny, for CI)
  --servers ok-s3,minio,s3rver    servers to run, in this order (default all three)
  --only single,concurrent,small,warp,list,multipart,dedup   workloads to run (default all;
                                  smoke leaves out warp)
  --list-keys <n>                 keys in the listing folder (overrides the scale's 100,000)
  --verify / --no-verify          compare downloaded bytes (default: on for smoke, off otherwise)
  --keep-data                     keep data folders and OK-S3's keyspace
  --work-dir <dir>                where data folders go (default: the OS temp folder)
  --out <file.json>               results file (default bench/results/<date>-<scale>.json;
                                  smoke runs default to bench/results/tmp/)`;

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'full' },
      servers: { type: 'string', default: 'ok-s3,minio,s3rver' },
      only: { type: 'string' },
      verify: { type: 'boolean' },
      'no-verify': { type: 'boolean' },
      'list-keys': { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
      'work-dir': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const listKeys = values['list-keys'] === undefined ? undefined : Number(values['list-keys']);
  if (listKeys !== undefined && !(Number.isInteger(listKeys) && listKeys > 0)) {
    throw new Error(`--list-keys must be a positive integer, got "${values['list-keys']}"`);
  }
  const base = parseScale(values.scale);
  const scale =
    listKeys === undefined ? base : { ...base, name: `${base.name}, ${listKeys} list keys`, listKeys };
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean);
  return {
    scale,
    servers: list(values.servers),
    // warp needs runs of several seconds per operation, too long for the smoke budget.
    workloads: values.only ? list(values.only) : base.name === 'smoke' ? SMOKE_WORKLOADS : undefined,
    verify: values['no-verify'] ? false : (values.verify ?? base.name === 'smoke'),
    keepData: values['keep-data'],
    workDir: values['work-dir'],
    out: values.out,
  };
}
