import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, freePort, startChildServer } from './support/child-server.js';
import { sendRaw, signRequest } from './support/raw-http.js';

let dataDir: string;
let server: ChildServer | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oks3-shutdown-'));
});
afterAll(async () => {
  await server?.kill();
  await rm(dataDir, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, finishes the upload in flight, then exits 0', async () => {
    const port = await freePort();
    server = await startChildServer(port, { OKS3_DATA_DIR: dataDir });
    const bucket = `shutdown-${Date.now().toString(36)}`;
    expect((await sendRaw(port, await signRequest(port, { method: 'PUT', path: `/${bucket}` }))).status).toBe(
      200,
    );

    const body = randomBytes(4 * 1024 * 1024);
    const signed = await signRequest(
      port,
      { method: 'PUT', path: `/${bucket}/in-flight.bin`, headers: { 'content-length': String(body.length) } },
      { payloadHash: 'UNSIGNED-PAYLOAD' },
    );
    const exited = new Promise<number | null>((resolve) =>
      server!.process.once('exit', (code) => resolve(code)),
    );
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'PUT', path: signed.path, headers: signed.headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, body.length / 2));
      // The server gets SIGTERM with half the body still to come.
      setTimeout(() => {
        server!.process.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(body.length / 2)), 500);
      }, 300);
    });
    expect(status).toBe(200);
    expect(await exited).toBe(0);
    // Nothing listens on the port any more: the connection is refused, not answered.
    await expect(fetch(`http://127.0.0.1:${port}/_ok/health`)).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { code: 'ECONNREFUSED' },
    });

    // Restarted, the acknowledged upload is there, whole.
    server = await startChildServer(port, { OKS3_DATA_DIR: dataDir });
    const got = await sendRaw(
      port,
      await signRequest(port, { method: 'GET', path: `/${bucket}/in-flight.bin` }),
    );
    expect(got.status).toBe(200);
    expect(got.body.equals(body)).toBe(true);
  });
});
