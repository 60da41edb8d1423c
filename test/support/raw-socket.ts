import { connect } from 'node:net';

export interface RawHead {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface PartialOptions {
  /** Keep the connection open after the bytes: the server must answer without more input. */
  keepOpen?: boolean;
  /** Fails the promise if the server has not closed the connection by then (a hang). */
  timeoutMs?: number;
}

/**
 * Sends a request head and only part of its body. By default the connection is then closed (a
 * client that dies mid-upload); with `keepOpen` the client waits, as a slow or lying client would.
 * Resolves with whatever the server answered (often nothing) once a whole response arrived or the
 * socket closed.
 */
export function sendPartial(
  port: number,
  head: RawHead,
  partialBody: Buffer,
  opts: PartialOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const lines = [`${head.method} ${head.path} HTTP/1.1`];
    for (const [name, value] of Object.entries(head.headers)) lines.push(`${name}: ${value}`);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no answer within ${opts.timeoutMs} ms: ${Buffer.concat(received).toString('latin1')}`),
      );
    }, opts.timeoutMs ?? 10_000);
    socket.on('connect', () => {
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      socket.write(partialBody, () => {
        if (!opts.keepOpen) setTimeout(() => socket.end(), 50);
      });
    });
    const done = () => {
      clearTimeout(timer);
      resolve(Buffer.concat(received).toString('latin1'));
    };
    socket.on('data', (d: Buffer) => {
      received.push(d);
      // A complete response ends the wait even if the server keeps the connection open.
      if (isCompleteResponse(Buffer.concat(received))) {
        done();
        socket.destroy();
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', done);
  });
}

/** The status line's code and the S3 error code of a raw HTTP response text. */
export function parseRawResponse(text: string): { status: number; code: string | undefined } {
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
    code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
  };
}

function isCompleteResponse(bytes: Buffer): boolean {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(bytes.subarray(0, headEnd).toString('latin1'))?.[1];
  return length !== undefined && bytes.length >= headEnd + 4 + Number(length);
}
