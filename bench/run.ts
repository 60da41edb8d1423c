/**
 * The benchmark harness: starts OK-S3 and its peers one after another on loopback, each on a fresh
 * data folder, runs the same workloads against each, prints a table and writes a JSON file.
 * Documented in docs/BENCHMARKS.md; `npm run bench` (full) and `npm run bench:smoke` (CI).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeMachine } from './lib/machine.js';
import { parseOptions, USAGE } from './lib/options.js';
import { REPO_ROOT } from './lib/paths.js';
import { fullReport } from './lib/report.js';
import { type BenchResults, unexpectedErrors } from './lib/results.js';
import { runServer } from './run-server.js';
import { minio } from './servers/minio.js';
import { okS3 } from './servers/ok-s3.js';
import { s3rver } from './servers/s3rver.js';
import type { ServerKind } from './servers/server.js';
import { dedup } from './workloads/dedup.js';
import { concurrentObjects, singleStream } from './workloads/large-objects.js';
import { listing } from './workloads/listing.js';
import { multipart } from './workloads/multipart.js';
import { smallObjects } from './workloads/small-objects.js';
import { warp } from './workloads/warp.js';
import type { Workload } from './workloads/workload.js';

const SERVERS: Record<string, ServerKind> = { 'ok-s3': okS3, minio, s3rver };
const WORKLOADS: Workload[] = [
  singleStream,
  concurrentObjects,
  smallObjects,
  warp,
  listing,
  multipart,
  dedup,
];

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const unknown = opts.servers.filter((s) => !SERVERS[s]);
  const workloads = opts.workloads ? WORKLOADS.filter((w) => opts.workloads!.includes(w.id)) : WORKLOADS;
  if (unknown.length > 0 || workloads.length === 0) {
    console.error(`unknown server or no workload selected\n${USAGE}`);
    return 2;
  }
  const stopCassandra = opts.servers.includes('ok-s3') ? ensureCassandra() : () => {};
  const results: BenchResults = {
    date: new Date().toISOString(),
    command: commandLine(),
    scale: opts.scale.name,
    machine: describeMachine(),
    notes: process.env.OKS3_BENCH_NOTE ? [process.env.OKS3_BENCH_NOTE] : [],
    servers: [],
  };
  try {
    for (const name of opts.servers) results.servers.push(await runServer(SERVERS[name]!, workloads, opts));
  } finally {
    stopCassandra();
  }
  const report = fullReport(results);
  console.log(report);
  const out = opts.out ?? defaultOut(opts.scale.name, results.date);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(out.replace(/\.json$/, '.md'), report);
  console.error(`results written to ${out} and ${out.replace(/\.json$/, '.md')}`);
  const problems = unexpectedErrors(results);
  if (problems.length > 0) {
    console.error(`FAILED: unexpected errors:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  return 0;
}

/** The command as typed: `npm run bench` when run through npm, then the harness's own arguments. */
function commandLine(): string {
  const own = `node dist-bench/bench/run.js ${process.argv.slice(2).join(' ')}`.trim();
  const npm = process.env.npm_lifecycle_event;
  return npm ? `npm run ${npm} (runs ${own})` : own;
}

function defaultOut(scale: string, date: string): string {
  const dir = scale.startsWith('smoke') ? 'bench/results/tmp' : 'bench/results';
  return path.join(REPO_ROOT, dir, `${date.slice(0, 10)}-${scale.replace(/\W+/g, '-')}.json`);
}

/** Starts the development Cassandra unless it (or OKS3_CASSANDRA) is there; returns how to undo that. */
function ensureCassandra(): () => void {
  if (process.env.OKS3_CASSANDRA) return () => {};
  const script = path.join(REPO_ROOT, 'scripts/cassandra.sh');
  try {
    execFileSync('bash', [script, 'status'], { stdio: 'ignore' });
    return () => {};
  } catch {
    execFileSync('bash', [script, 'start'], { stdio: 'inherit' });
    return () => execFileSync('bash', [script, 'stop'], { stdio: 'inherit' });
  }
}

// Turn Ctrl-C and SIGTERM into a normal exit, so the servers' exit hooks stop them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
