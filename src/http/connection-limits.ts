import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ConnectionLimits } from '../config.js';
import { continueWhenBodyIsRead } from './expect-continue.js';

/**
 * An http.Server bounded against hostile clients (README "Limits"): heads must arrive within
 * headersTimeout and fit maxHeaderSize (else 431), connections beyond maxConnections are closed
 * on accept, and a request that waits on its client for clientIdleTimeoutMs is dropped.
 * `Expect: 100-continue` is answered as expect-continue.ts says.
 */
export function createLimitedServer(
  limits: ConnectionLimits,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      // Node checks headersTimeout and requestTimeout on this interval (30 s by default), so a
      // short timeout would otherwise be enforced up to 30 s late.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    handle,
  );
  server.headersTimeout = limits.headersTimeoutMs;
  // 0 by default: Node's 300 s would cut long uploads; slow ones are bounded by the idle timeout.
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  const watch = (req: IncomingMessage, res: ServerResponse) =>
    dropWhenClientIdles(req, res, limits.clientIdleTimeoutMs);
  server.on('request', watch);
  // With a checkContinue listener Node emits that instead of 'request'.
  continueWhenBodyIsRead(server, handle);
  server.on('checkContinue', watch);
  return server;
}

/**
 * Destroys the connection of a request whose client has moved no byte for `idleMs` while the
 * request waits on it: its body is still due (a slow or stalled sender), or its response is stuck
 * in the socket's buffer (a client that stopped reading). Time the server spends working (body
 * read, nothing queued to write) never counts, so a slow CompleteMultipartUpload is not cut.
 * A dropped PUT fails like a client that disconnected: nothing is stored.
 */
function dropWhenClientIdles(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  const socket = req.socket;
  let moved = socket.bytesRead + socket.bytesWritten;
  let lastMove = Date.now();
  const timer = setInterval(
    () => {
      const now = socket.bytesRead + socket.bytesWritten;
      const waitingOnClient = (!req.complete && req.readableLength === 0) || socket.writableLength > 0;
      if (now !== moved || !waitingOnClient) {
        moved = now;
        lastMove = Date.now();
      } else if (Date.now() - lastMove >= idleMs) {
        clearInterval(timer);
        socket.destroy();
      }
    },
    Math.max(10, Math.floor(idleMs / 10)),
  );
  timer.unref();
  res.once('close', () => clearInterval(timer));
}
