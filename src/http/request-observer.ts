import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** One request as metrics see it: labels from a bounded set (action names, never keys or buckets). */
export interface ObservedRequest {
  /** The S3 action (`GetObject`), `Preflight`, an `_ok` endpoint's name, or `Unknown`. */
  action: string;
  status: number;
  seconds: number;
  /** Request body bytes received (as sent, aws-chunked framing included). */
  bytesIn: number;
  /** Response body bytes written. */
  bytesOut: number;
}

/** Told about every request and connection of the HTTP server (src/metrics implements it). */
export interface RequestObserver {
  requestStarted(): void;
  requestFinished(request: ObservedRequest): void;
  connectionOpened(): void;
  connectionClosed(): void;
}

const UNKNOWN = 'Unknown';
const actionOf = new WeakMap<ServerResponse, string>();

/** Names the action a response answers, for its metric labels; the last name given wins. */
export function nameAction(res: ServerResponse, action: string): void {
  actionOf.set(res, action);
}

/**
 * Counts a request from its first byte to the end of its response (or the client leaving). Body
 * bytes are counted where Node hands them over (`push`, `write`, `end`): listening to `data`
 * would start the request flowing before an action reads it.
 */
export function observeRequest(observer: RequestObserver, req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  let bytesIn = 0;
  let bytesOut = 0;
  const push = req.push;
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk) bytesIn += byteLength(chunk, encoding);
    return push.call(req, chunk, encoding);
  };
  const write = res.write;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk) bytesOut += byteLength(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(res, chunk, ...rest);
  }) as ServerResponse['write'];
  const end = res.end;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk && typeof chunk !== 'function') {
      bytesOut += byteLength(chunk, rest[0]);
    }
    return (end as (...args: unknown[]) => ServerResponse).call(res, chunk, ...rest);
  }) as ServerResponse['end'];
  observer.requestStarted();
  res.once('close', () => {
    observer.requestFinished({
      action: actionOf.get(res) ?? UNKNOWN,
      status: res.statusCode,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      bytesIn,
      bytesOut,
    });
  });
}

/** Counts the open connections of `server`. */
export function observeConnections(server: Server, observer: RequestObserver): void {
  server.on('connection', (socket) => {
    observer.connectionOpened();
    socket.once('close', () => observer.connectionClosed());
  });
}

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') {
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
