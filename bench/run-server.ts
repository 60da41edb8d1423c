import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diskUsage } from './lib/disk-usage.js';
import { freePort } from './lib/free-port.js';
import { runLoad } from './lib/load.js';
import type { Options } from './lib/options.js';
import { cpuSecondsOf, memoryOf, RssSampler } from './lib/proc-stats.js';
import type { ServerRun, WorkloadRun } from './lib/results.js';
import { S3Http } from './lib/s3-http.js';
import { S3Ops } from './lib/s3-ops.js';
import type { RunningServer, ServerKind } from './servers/server.js';
import { errorText, MiB, type Workload, type WorkloadContext } from './workloads/workload.js';

const MAX_SOCKETS = 128;

/** Starts one server on a fresh folder, runs every workload against it, stops it. */
export async function runServer(kind: ServerKind, workloads: Workload[], opts: Options): Promise<ServerRun> {
  const unavailable = await kind.unavailableReason();
  if (unavailable) return { name: kind.name, unavailable, workloads: [] };
  const root = opts.workDir ?? tmpdir();
  await mkdir(root, { recursive: true });
  const workDir = await mkdtemp(path.join(root, `ok-s3-bench-${kind.name.toLowerCase()}-`));
  await mkdir(path.join(workDir, 'data'));
  let server: RunningServer;
  try {
    server = await kind.start({ workDir, port: await freePort(), keepData: opts.keepData });
  } catch (err) {
    return { name: kind.name, unavailable: `failed to start: ${errorText(err)}`, workloads: [] };
  }
  const log = (m: string) => console.error(`[${kind.name}] ${m}`);
  log(`started ${server.version} on port ${server.port}, data in ${server.dataDir}`);
  const helpersAtStart = server.helpers.map((h) => ({ ...h, rss: memoryOf(h.pid)?.rss ?? 0, peak: 0 }));
  const sampler = new RssSampler(() => [server.pid, ...server.helpers.map((h) => h.pid)]);
  const http = new S3Http({ host: server.host, port: server.port }, server.credentials, MAX_SOCKETS);
  const ctx: WorkloadContext = { server, s3: new S3Ops(http), scale: opts.scale, verify: opts.verify, log };
  const runs: WorkloadRun[] = [];
  try {
    await warmUp(ctx);
    for (const w of workloads) {
      const run = await runWorkload(w, ctx, sampler);
      for (const h of helpersAtStart) h.peak = Math.max(h.peak, sampler.lastPeaks.get(h.pid) ?? 0);
      runs.push(run);
    }
    const peak = memoryOf(server.pid);
    const usage = await diskUsage(server.dataDir);
    return {
      name: kind.name,
      version: server.version,
      peakRssMiB: (peak?.hwm ?? 0) / MiB,
      helpers: helpersAtStart.map((h) => ({
        label: h.label,
        rssAtStartMiB: h.rss / MiB,
        peakRssMiB: h.peak / MiB,
        vmHwmMiB: (memoryOf(h.pid)?.hwm ?? 0) / MiB,
      })),
      dataDirMiB: usage.allocatedBytes / MiB,
      workloads: runs,
    };
  } finally {
    sampler.stop();
    http.close();
    // Cleanup problems (a slow DROP KEYSPACE) must not cost the results measured above.
    await server.stop().catch((err: unknown) => log(`cleanup failed: ${errorText(err)}`));
    if (!opts.keepData) await rm(workDir, { recursive: true, force: true });
  }
}

async function runWorkload(w: Workload, ctx: WorkloadContext, sampler: RssSampler): Promise<WorkloadRun> {
  const { server } = ctx;
  ctx.log(`${w.title}...`);
  sampler.reset();
  const cpu0 = process.cpuUsage();
  const server0 = cpuSecondsOf(server.pid);
  const helpers0 = server.helpers.map((h) => cpuSecondsOf(h.pid));
  const t0 = performance.now();
  let error: string | undefined;
  let metrics: WorkloadRun['metrics'] = [];
  try {
    metrics = await w.run(ctx);
  } catch (err) {
    error = errorText(err);
    ctx.log(`${w.title} failed: ${error}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peaks = sampler.reset();
  const pct = (cpuSeconds: number) => (100 * cpuSeconds) / seconds;
  const helperCpuPercent: Record<string, number> = {};
  server.helpers.forEach((h, i) => {
    helperCpuPercent[h.label] = pct(cpuSecondsOf(h.pid) - helpers0[i]!);
  });
  for (const m of metrics) if (m.error) ctx.log(`  ${m.name}: ${m.error}`);
  return {
    id: w.id,
    title: w.title,
    seconds,
    clientCpuPercent: pct((cpu.user + cpu.system) / 1e6),
    serverCpuPercent: pct(cpuSecondsOf(server.pid) - server0),
    helperCpuPercent,
    serverPeakRssMiB: (peaks.get(server.pid) ?? 0) / MiB,
    metrics,
    error,
  };
}

/** A few untimed requests first, so connection setup and JIT warm-up land in no workload. */
async function warmUp(ctx: WorkloadContext): Promise<void> {
  const bucket = 'bench-warmup';
  await ctx.s3.createBucket(bucket);
  const small = Buffer.alloc(4096, 1);
  await runLoad(8, { total: 64 }, async (i) => {
    await ctx.s3.put(bucket, `w/${i}`, small);
    await ctx.s3.get(bucket, `w/${i}`);
  });
  await ctx.s3.put(bucket, 'big', Buffer.alloc(8 * MiB, 2));
  await ctx.s3.get(bucket, 'big');
}
