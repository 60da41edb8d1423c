import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { S3Http } from '../lib/s3-http.js';
import type { Credentials } from '../lib/sigv4.js';

export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  logFile: string;
  host: string;
  port: number;
  credentials: Credentials;
  readyTimeoutMs?: number;
}

/** Starts a server process, sends its output to a log file and waits until a signed ListBuckets works. */
export async function launch(spec: LaunchSpec): Promise<ChildProcess> {
  const log = createWriteStream(spec.logFile);
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A harness that is interrupted must not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  const client = new S3Http({ host: spec.host, port: spec.port }, spec.credentials, 1);
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 120_000);
  try {
    for (;;) {
      if (exited) throw new Error(`${spec.command} ${exited} during startup:\n${await tail(spec.logFile)}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${spec.command} not ready in time:\n${await tail(spec.logFile)}`);
      }
      const ok = await client.request('GET', '', undefined).then(
        () => true,
        () => false,
      );
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    client.close();
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function terminate(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}
