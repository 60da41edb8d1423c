import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  TEST_ACCESS_KEY,
  TEST_KEYSPACE,
  TEST_KMS_KEYS,
  TEST_SECRET_KEY,
  TEST_SSE_MASTER_KEY,
} from './constants.js';

/** The built server (`npm run build`; `npm test` builds before running vitest). */
export const MAIN_JS = path.resolve(import.meta.dirname, '../../dist/main.js');

export interface ChildServer {
  port: number;
  process: ChildProcess;
  /** Everything the server wrote to stderr/stdout, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, as in a power cut or OOM kill. */
  kill(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Runs `node dist/main.js` with the test keyspace and credentials; resolves once it answers. */
export async function startChildServer(port: number, env: Record<string, string>): Promise<ChildServer> {
  if (!existsSync(MAIN_JS))
    throw new Error(`${MAIN_JS} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [MAIN_JS], {
    env: {
      ...process.env,
      OKS3_HOST: '127.0.0.1',
      OKS3_PORT: String(port),
      OKS3_KEYSPACE: TEST_KEYSPACE,
      OKS3_ACCESS_KEY: TEST_ACCESS_KEY,
      OKS3_SECRET_KEY: TEST_SECRET_KEY,
      OKS3_SSE_MASTER_KEY: TEST_SSE_MASTER_KEY,
      OKS3_KMS_KEYS: TEST_KMS_KEYS,
      OKS3_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/_ok/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    process: child,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
