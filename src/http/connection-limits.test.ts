import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionLimits } from '../config.js';
import { createLimitedServer } from './connection-limits.js';

const LIMITS: ConnectionLimits = {
  headersTimeoutMs: 5000,
  requestTimeoutMs: 0,
  clientIdleTimeoutMs: 300,
  keepAliveTimeoutMs: 5000,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 0,
};
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** Sends `head` + `body` and resolves with what came back once the server closes or answers. */
function exchange(port: number, text: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\ndone')) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
  });
}

async function listen(handler: Parameters<typeof createLimitedServer>[1]): Promise<number> {
  const server = createLimitedServer(LIMITS, handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('createLimitedServer: the client idle timeout', () => {
  it('drops a request whose body stops arriving, after the idle timeout', async () => {
    const port = await listen((req, res) => {
      req.resume();
      req.on('end', () => res.end('done'));
    });
    const { answer, ms } = await exchange(port, 'PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
    expect(answer).toBe('');
    expect(ms).toBeGreaterThanOrEqual(LIMITS.clientIdleTimeoutMs);
    expect(ms).toBeLessThan(LIMITS.clientIdleTimeoutMs * 3);
  });

  it('never counts time the server spends working once the body is read', async () => {
    const port = await listen((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('done'), LIMITS.clientIdleTimeoutMs * 4));
    });
    const { answer, ms } = await exchange(port, 'PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc');
    expect(answer).toMatch(/^HTTP\/1\.1 200 [\s\S]*done$/);
    expect(ms).toBeGreaterThanOrEqual(LIMITS.clientIdleTimeoutMs * 4);
  });

  it('never counts time a body waits in the server unread (backpressure on our side)', async () => {
    const port = await listen((req, res) => {
      setTimeout(() => {
        req.resume();
        req.on('end', () => res.end('done'));
      }, LIMITS.clientIdleTimeoutMs * 3);
    });
    // 4 MiB: more than Node buffers, so the socket is paused and the body not complete meanwhile.
    const body = 'a'.repeat(4 * 1024 * 1024);
    const { answer } = await exchange(
      port,
      `PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/done$/);
  });
});
