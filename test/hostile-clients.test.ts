import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { eventually } from './support/block-metadata.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { codeOf } from './support/s3-failure.js';
import { nextResponse, openSlowClient, type SlowClient, trickle } from './support/slow-client.js';
import { type SharedServer, useBucket, useServer } from './support/use-server.js';

const HEADERS_MS = 1000;
const IDLE_MS = 1000;
const MAX_CONNECTIONS = 6;
// Node checks head deadlines every quarter of headersTimeout (at most 1 s); the idle watch every tenth.
const SLACK_MS = 1000;

const server = useServer({
  OKS3_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
  OKS3_CLIENT_IDLE_TIMEOUT_MS: String(IDLE_MS),
  OKS3_MAX_HEADER_BYTES: '8192',
  OKS3_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
  OKS3_KEEP_ALIVE_TIMEOUT_MS: '500',
  OKS3_GC_INTERVAL_SECONDS: '1',
  OKS3_GC_GRACE_SECONDS: '0',
  OKS3_ORPHAN_BLOCK_SECONDS: '1',
});
const bucket = useBucket(server, 'hostile-clients');

/** Every file under `dir` (block files and temp files), sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function openConnections(shared: SharedServer): Promise<number> {
  return new Promise((resolve, reject) =>
    shared.running.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
  );
}

/** A signed head (UNSIGNED-PAYLOAD) as raw request text. */
async function signedHead(method: string, key: string, headers: Record<string, string>): Promise<string> {
  const signed = await signRequest(
    server.port,
    { method, path: `/${bucket}/${key}`, headers },
    { payloadHash: 'UNSIGNED-PAYLOAD' },
  );
  const lines = [`${method} /${bucket}/${key} HTTP/1.1`];
  for (const [name, value] of Object.entries(signed.headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

describe('slow senders', () => {
  it('closes a connection whose headers trickle forever within headersTimeout, with 408', async () => {
    const client = await openSlowClient(server.port);
    client.socket.write('GET /_ok/health HTTP/1.1\r\nHost: x\r\n');
    trickle(client, 'X-Slow: still-coming\r\n', 100);
    const ms = await client.closed;
    expect(ms).toBeGreaterThanOrEqual(HEADERS_MS);
    expect(ms).toBeLessThan(HEADERS_MS + SLACK_MS);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('drops a PUT whose body stops mid-way after the idle timeout and stores nothing', async () => {
    const before = await filesUnder(server.config.dataDir);
    const client = await openSlowClient(server.port);
    client.socket.write(await signedHead('PUT', 'stalled', { 'content-length': String(8 * 1024 * 1024) }));
    // Several blocks' worth (128 KiB minimum) so that some are written before the stall.
    await new Promise<void>((resolve) => client.socket.write(randomBytes(3 * 1024 * 1024), () => resolve()));
    const stalledAt = Date.now();
    await client.closed;
    const ms = Date.now() - stalledAt;
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(ms).toBeLessThan(IDLE_MS + SLACK_MS);

    expect(await codeOf(server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stalled' })))).toBe(
      'NoSuchKey',
    );
    // Nothing of the body stays in the data folder: no block file, no temp file.
    const reclaimed = await eventually(
      async () => (await filesUnder(server.config.dataDir)).join() === before.join(),
      15_000,
    );
    expect(reclaimed, 'the stalled body left files behind').toBe(true);
  });

  it('drops a client that stops reading a large GET, freeing its connection', async () => {
    const body = randomBytes(32 * 1024 * 1024);
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big', Body: body }));
    const idle = await openConnections(server);
    const client = await openSlowClient(server.port);
    client.socket.pause();
    client.socket.write(await signedHead('GET', 'big', {}));
    expect(await eventually(async () => (await openConnections(server)) > idle, 2000, 20)).toBe(true);
    const started = Date.now();
    const freed = await eventually(async () => (await openConnections(server)) <= idle, 10_000, 50);
    expect(freed, 'the stuck GET still holds its connection').toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 200);
    client.socket.destroy();
  });
});

describe('huge headers', () => {
  it('answers 431 to a head larger than OKS3_MAX_HEADER_BYTES', async () => {
    const client = await openSlowClient(server.port);
    client.socket.write(`GET /_ok/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(9000)}\r\n\r\n`);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers a head just under the limit', async () => {
    const client = await openSlowClient(server.port);
    client.socket.write(
      `GET /_ok/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(7000)}\r\nConnection: close\r\n\r\n`,
    );
    expect(await nextResponse(client)).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('too many connections', () => {
  const health = 'GET /_ok/health HTTP/1.1\r\nHost: x\r\n\r\n';

  it('closes connections beyond OKS3_MAX_CONNECTIONS at once while the open ones keep working', async () => {
    // Let the SDK's keep-alive connections of earlier tests expire (OKS3_KEEP_ALIVE_TIMEOUT_MS).
    expect(await eventually(async () => (await openConnections(server)) === 0, 5000, 50)).toBe(true);
    const open: SlowClient[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i++) {
      const client = await openSlowClient(server.port);
      client.socket.write(health);
      await nextResponse(client);
      open.push(client);
    }
    const extra = await openSlowClient(server.port);
    extra.socket.write(health);
    const ms = await extra.closed;
    expect(ms).toBeLessThan(500);
    expect(extra.received()).toBe('');

    for (const client of open) {
      const from = client.received().length;
      client.socket.write(health);
      expect(await nextResponse(client, from)).toMatch(/^HTTP\/1\.1 200 /);
    }
    for (const client of open) client.socket.destroy();
    expect(await eventually(async () => (await openConnections(server)) === 0, 2000, 20)).toBe(true);
    const later = await openSlowClient(server.port);
    later.socket.write(health);
    expect(await nextResponse(later)).toMatch(/^HTTP\/1\.1 200 /);
    later.socket.destroy();
  });
});

describe('malformed POST Object forms', () => {
  // Found by src/s3/rules/post-form.fuzz.test.ts: a nameless part crashed the server process.
  it('answers a form part without a name with 400 MalformedPOSTRequest and keeps serving', async () => {
    const body = '--b0\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nbytes\r\n--b0--\r\n';
    const res = await sendRaw(server.port, {
      method: 'POST',
      path: `/${bucket}`,
      headers: { 'content-type': 'multipart/form-data; boundary=b0', 'content-length': String(body.length) },
      body,
    });
    expect(res.status).toBe(400);
    expect(res.code).toBe('MalformedPOSTRequest');
    const health = await sendRaw(server.port, { method: 'GET', path: '/_ok/health' });
    expect(health.status).toBe(200);
  });
});
