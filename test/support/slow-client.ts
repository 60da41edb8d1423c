import { connect, type Socket } from 'node:net';

/** A raw connection that records what the server sent and when it closed the connection. */
export interface SlowClient {
  socket: Socket;
  /** Resolves with the milliseconds from connect to the server closing (or resetting) the connection. */
  closed: Promise<number>;
  received(): string;
}

export function openSlowClient(port: number): Promise<SlowClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let started = 0;
    const closed = new Promise<number>((done) => {
      socket.on('close', () => done(Date.now() - started));
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    // A reset or a write after the server closed are how a hostile client learns it was cut off.
    socket.on('error', () => {});
    socket.once('connect', () => {
      started = Date.now();
      resolve({ socket, closed, received: () => Buffer.concat(chunks).toString('latin1') });
    });
    socket.once('error', reject);
  });
}

/** Writes `line` every `everyMs` until the socket closes; returns a stop function. */
export function trickle(client: SlowClient, line: string, everyMs: number): () => void {
  const timer = setInterval(() => {
    if (!client.socket.destroyed) client.socket.write(line);
  }, everyMs);
  void client.closed.then(() => clearInterval(timer));
  return () => clearInterval(timer);
}

/** Resolves with the response text once the server has answered one whole response on `client`. */
export function nextResponse(client: SlowClient, from = 0, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = () => {
      const text = client.received().slice(from);
      const headEnd = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text)?.[1];
      if (headEnd >= 0 && length !== undefined && text.length >= headEnd + 4 + Number(length))
        return resolve(text);
      if (Date.now() > deadline)
        return reject(new Error(`no whole response within ${timeoutMs} ms: ${text}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}
