import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import cassandra from 'cassandra-driver';
import { diskUsage } from '../lib/disk-usage.js';
import { CASSANDRA_STATE, REPO_ROOT } from '../lib/paths.js';
import { launch, terminate } from './child-process.js';
import type { RunningServer, ServerKind, StartContext } from './server.js';

const run = promisify(execFile);
/** The checkout whose dist/ is benchmarked; another one (e.g. a clean export of a commit) may be named. */
const SERVER_ROOT = process.env.OKS3_BENCH_OKS3_DIR ?? REPO_ROOT;
const CREDENTIALS = {
  accessKeyId: 'bench-access-key',
  secretAccessKey: 'bench-secret-key',
  region: 'us-east-1',
};

/** OK-S3 from dist/ (built by `npm run build`), on a fresh data folder and a fresh keyspace. */
export const okS3: ServerKind = {
  name: 'OK-S3',
  async unavailableReason() {
    return existsSync(path.join(SERVER_ROOT, 'dist/main.js'))
      ? undefined
      : 'dist/main.js missing: npm run build';
  },
  async start(ctx: StartContext): Promise<RunningServer> {
    const keyspace = `oks3_bench_${Date.now().toString(36)}`;
    const dataDir = path.join(ctx.workDir, 'data');
    const child = await launch({
      command: process.execPath,
      // e.g. OKS3_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server under load.
      args: [...(process.env.OKS3_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'dist/main.js'],
      cwd: SERVER_ROOT,
      env: {
        OKS3_HOST: '127.0.0.1',
        OKS3_PORT: String(ctx.port),
        OKS3_DATA_DIR: dataDir,
        OKS3_KEYSPACE: keyspace,
        OKS3_ACCESS_KEY: CREDENTIALS.accessKeyId,
        OKS3_SECRET_KEY: CREDENTIALS.secretAccessKey,
        OKS3_LOG_LEVEL: 'warn',
      },
      logFile: path.join(ctx.workDir, 'server.log'),
      host: '127.0.0.1',
      port: ctx.port,
      credentials: CREDENTIALS,
    });
    const cassandraPid = readCassandraPid();
    return {
      name: 'OK-S3',
      version: await okS3Version(),
      host: '127.0.0.1',
      port: ctx.port,
      credentials: CREDENTIALS,
      dataDir,
      pid: child.pid!,
      helpers: cassandraPid ? [{ label: 'Cassandra', pid: cassandraPid }] : [],
      // SSTables only: data still in memtables and the shared commit log are not counted.
      metadataBytes: async () =>
        (await diskUsage(path.join(CASSANDRA_STATE, 'data', keyspace))).apparentBytes,
      async stop() {
        await terminate(child);
        if (!ctx.keepData) await dropKeyspace(keyspace);
      },
    };
  },
};

function readCassandraPid(): number | undefined {
  if (process.env.OKS3_CASSANDRA) return undefined;
  try {
    return Number(readFileSync(path.join(CASSANDRA_STATE, 'cassandra.pid'), 'utf8').trim());
  } catch {
    return undefined;
  }
}

async function okS3Version(): Promise<string> {
  const pkg = JSON.parse(readFileSync(path.join(SERVER_ROOT, 'package.json'), 'utf8')) as { version: string };
  if (SERVER_ROOT !== REPO_ROOT) return `${pkg.version} (dist/ of ${SERVER_ROOT})`;
  const rev = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).then(
    (r) => r.stdout.trim(),
    () => 'unknown',
  );
  const dirty = await run('git', ['status', '--porcelain', 'src'], { cwd: REPO_ROOT }).then(
    (r) => (r.stdout.trim() ? '+dirty' : ''),
    () => '',
  );
  return `${pkg.version} (${rev}${dirty})`;
}

async function dropKeyspace(keyspace: string): Promise<void> {
  const contactPoints = (process.env.OKS3_CASSANDRA ?? '127.0.0.1:9042').split(',');
  const client = new cassandra.Client({
    contactPoints,
    localDataCenter: process.env.OKS3_CASSANDRA_DC ?? 'datacenter1',
    // Schema changes on a busy single node can take longer than the driver's 12 s default.
    socketOptions: { readTimeout: 120_000 },
  });
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  } finally {
    await client.shutdown();
  }
}
