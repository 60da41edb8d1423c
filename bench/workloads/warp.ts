import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BIN_DIR } from '../lib/paths.js';
import { cpuSecondsOf } from '../lib/proc-stats.js';
import { missingBinaryReason } from '../servers/build-status.js';
import { errorText, type Metric, sizeLabel, type Workload, type WorkloadContext } from './workload.js';

/**
 * MinIO's warp as a second, independent client for the small-object workload (PUT, GET, HEAD = warp
 * "stat"). warp's DELETE benchmark uses multi-object DeleteObjects, so DELETE stays with our own
 * client. warp runs as a child process; its CPU is sampled from /proc and reported as client CPU.
 */
export const warp: Workload = {
  id: 'warp',
  title: 'warp cross-check',
  async run(ctx: WorkloadContext): Promise<Metric[]> {
    const binary = path.join(BIN_DIR, 'warp');
    const missing = existsSync(binary) ? undefined : missingBinaryReason('warp');
    const out: Metric[] = [];
    for (const op of ['put', 'get', 'stat'] as const) {
      const name = `warp ${op} ${sizeLabel(ctx.scale.smallObject)} x ${ctx.scale.smallClients}`;
      if (missing) {
        out.push({
          name: `${name}: ops/s`,
          value: Number.NaN,
          unit: 'ops/s',
          better: 'higher',
          error: missing,
        });
        continue;
      }
      try {
        out.push(...(await runWarp(ctx, binary, op, name)));
      } catch (err) {
        out.push({
          name: `${name}: ops/s`,
          value: Number.NaN,
          unit: 'ops/s',
          better: 'higher',
          error: errorText(err),
        });
      }
    }
    return out;
  },
};

/** warp analyses in 1 s segments and prints nothing for runs shorter than a few of them. */
const WARP_MIN_SECONDS = 5;

async function runWarp(ctx: WorkloadContext, binary: string, op: string, name: string): Promise<Metric[]> {
  const { server, scale } = ctx;
  const args = [
    op,
    `--host=${server.host}:${server.port}`,
    `--access-key=${server.credentials.accessKeyId}`,
    `--secret-key=${server.credentials.secretAccessKey}`,
    `--region=${server.credentials.region}`,
    `--bucket=warp-${op}`,
    `--obj.size=${scale.smallObject}`,
    `--concurrent=${scale.smallClients}`,
    `--duration=${Math.max(WARP_MIN_SECONDS, scale.smallSeconds)}s`,
    // Fewer prepared objects than warp's 2,500 default keeps GET/stat preparation short.
    ...(op === 'put' ? [] : [`--objects=${Math.max(100, scale.smallClients * 20)}`]),
    '--noclear',
    '--no-color',
    '--analyze.v',
    `--benchdata=${path.join(path.dirname(server.dataDir), `warp-${op}`)}`,
  ];
  const { output, cpuSeconds, seconds } = await runChild(binary, args);
  const avg = /\* Average: (?:[^,\n]+, )?([\d.]+) obj\/s/.exec(output);
  const lat = /50%: ([\d.]+[µnm]?s),.*99%: ([\d.]+[µnm]?s)/.exec(output);
  if (!avg) throw new Error(`warp ${op}: no result: ${warpFailure(output)}`);
  return [
    { name: `${name}: ops/s`, value: Number(avg[1]), unit: 'ops/s', better: 'higher' },
    { name: `${name}: p50`, value: lat ? goDurationMs(lat[1]!) : Number.NaN, unit: 'ms', better: 'lower' },
    { name: `${name}: p99`, value: lat ? goDurationMs(lat[2]!) : Number.NaN, unit: 'ms', better: 'lower' },
    {
      name: `${name}: warp's own CPU`,
      value: (100 * cpuSeconds) / seconds,
      unit: '% of a core',
      better: 'none',
    },
  ];
}

/** Runs a command, collecting its output and (sampled) CPU seconds. */
function runChild(cmd: string, args: string[]) {
  return new Promise<{ output: string; cpuSeconds: number; seconds: number }>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let cpuSeconds = 0;
    const timer = setInterval(() => {
      cpuSeconds = Math.max(cpuSeconds, cpuSecondsOf(child.pid!));
    }, 100);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0)
        reject(new Error(`warp exited with ${code}: ${output.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve({ output, cpuSeconds, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** "850µs", "31ms", "1.2s" -> milliseconds. */
function goDurationMs(d: string): number {
  const m = /^([\d.]+)(ns|µs|ms|s)$/.exec(d);
  if (!m) return Number.NaN;
  const scale = { ns: 1e-6, µs: 1e-3, ms: 1, s: 1000 }[m[2] as 'ns' | 'µs' | 'ms' | 's'];
  return Number(m[1]) * scale;
}

/** The first request error warp printed, or the last lines of its output. */
function warpFailure(output: string): string {
  const errors = /Errors: (\d+)\nFirst Errors:\n \* ([^\n]+)/.exec(output);
  if (errors) return `${errors[1]} request errors, first: ${errors[2]}`;
  return output.trim().split('\n').slice(-3).join(' | ');
}
