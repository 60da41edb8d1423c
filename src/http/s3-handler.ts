import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, type SecretLookup } from '../auth/authenticate.js';
import { isS3Error } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Context, RequestTarget, S3Request } from '../s3/action.js';
import { actualRequestCors } from '../s3/cors/actual-request-cors.js';
import { preflight } from '../s3/cors/preflight.js';
import { perform } from '../s3/perform.js';
import { nameAction } from './request-observer.js';
import { parseRequestTarget } from './request-target.js';
import { resolveAction } from './routes.js';
import { sendError, sendResult } from './send.js';

/**
 * Every S3 request: request id, target, SigV4, action (authorized once, then run), response. A
 * CORS preflight is answered before authentication; the answer to any other request with an
 * `Origin` carries the CORS headers its bucket's rules give it, errors included.
 */
export function createS3Handler(ctx: Context, lookup: SecretLookup, baseLog: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = randomBytes(8).toString('hex').toUpperCase();
    const log = baseLog.child({ reqId: id });
    const method = req.method ?? 'GET';
    const isHead = method === 'HEAD';
    const rawUrl = req.url ?? '/';
    res.setHeader('x-amz-request-id', id);
    res.setHeader('Server', 'OK-S3');
    const abort = new AbortController();
    // Only a client that left before the response ended aborts the work: an abort builds a
    // DOMException with a stack, which costs measurably when every small request pays it.
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const started = process.hrtime.bigint();
    let target: RequestTarget | undefined;
    try {
      target = parseRequestTarget(rawUrl, req.headers.host, ctx.config.domain);
      if (method === 'OPTIONS') {
        nameAction(res, 'Preflight');
        const result = await preflight(target, req.headers, ctx);
        closeIfBodyUnread(req, res);
        await sendResult(res, result, false, log);
        log.info({ op: 'Preflight', status: result.status, ms: msSince(started) }, 'request');
        return;
      }
      const auth = await authenticate(
        {
          method,
          rawPath: target.rawPath,
          rawQuery: target.rawQuery,
          rawHeaders: req.rawHeaders,
          now: new Date(),
          virtualHostBucket: target.style === 'virtual-host' ? target.bucket : undefined,
        },
        lookup,
      );
      const action = resolveAction(method, target, req.headers);
      nameAction(res, action.name);
      const s3req: S3Request = {
        id,
        method,
        target,
        headers: req.headers,
        auth,
        raw: req,
        signal: abort.signal,
        log,
        secrets: lookup,
      };
      const result = await perform(action, s3req, ctx);
      await setCorsHeaders(res, ctx, method, target, req, log);
      closeIfBodyUnread(req, res);
      await sendResult(res, result, isHead, log);
      log.info({ op: action.name, status: result.status, ms: msSince(started) }, 'request');
    } catch (err) {
      if (target && method !== 'OPTIONS') nameRefusedAction(res, method, target, req);
      if (method !== 'OPTIONS') await setCorsHeaders(res, ctx, method, target, req, log);
      closeIfBodyUnread(req, res);
      const s3err = sendError(res, err, rawUrl.split('?')[0] ?? '/', id, isHead);
      if (!isS3Error(err)) {
        if (s3err.status === 503) log.warn({ err: String(err) }, 'metadata store not answering');
        else log.error({ err }, 'internal error');
      }
      log.info(
        { method, url: rawUrl, status: s3err.status, code: s3err.code, ms: msSince(started) },
        'request',
      );
    }
  };
}

/**
 * A request refused before its action was looked up (a bad signature) is still counted under the
 * action it asked for, when it names one.
 */
function nameRefusedAction(res: ServerResponse, method: string, target: RequestTarget, req: IncomingMessage) {
  try {
    nameAction(res, resolveAction(method, target, req.headers).name);
  } catch {
    // No such action: the request stays `Unknown`.
  }
}

/** The CORS headers of an actual request's answer; a failed lookup costs the headers, never the answer. */
async function setCorsHeaders(
  res: ServerResponse,
  ctx: Context,
  method: string,
  target: RequestTarget | undefined,
  req: IncomingMessage,
  log: Logger,
): Promise<void> {
  if (req.headers.origin === undefined || res.headersSent) return;
  try {
    for (const [name, value] of Object.entries(await actualRequestCors(ctx, method, target, req.headers))) {
      res.setHeader(name, value);
    }
  } catch (err) {
    log.warn({ err }, 'CORS rules could not be read');
  }
}

/**
 * A request whose body was not read (an early error) must not leave bytes on a keep-alive
 * connection: the next request would be parsed from them. Close the connection instead. Called
 * before the response goes out: a client told "keep-alive" would reuse the socket we then close.
 */
/**
 * A body this small that an answer leaves unread is read and dropped, so the client, which is
 * still sending it, gets to read the answer (a 503 it should retry) instead of a reset connection.
 */
const DRAIN_LIMIT = 1024 * 1024;
const DRAIN_MS = 5000;

function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || req.readableEnded) return;
  const length = Number(req.headers['content-length']);
  if (
    !res.headersSent &&
    Number.isSafeInteger(length) &&
    length <= DRAIN_LIMIT &&
    !req.destroyed &&
    !req.readableFlowing
  ) {
    req.once('error', () => {});
    req.resume();
    // A client that stops sending mid-body does not keep the connection: it goes once the answer
    // is out and the rest of the body has not come within DRAIN_MS.
    const socket = req.socket as IncomingMessage['socket'] | null;
    res.once('finish', () => {
      if (req.complete) return;
      const timer = setTimeout(() => socket?.destroy(), DRAIN_MS);
      timer.unref();
      req.once('end', () => clearTimeout(timer));
    });
    return;
  }
  if (!res.headersSent) res.setHeader('Connection', 'close');
  req.once('error', () => {});
  // Captured now: Node may have detached the socket by 'finish' (a null there crashed the process).
  const socket = req.socket as IncomingMessage['socket'] | null;
  if (!socket) return;
  if (res.writableFinished) socket.destroySoon();
  else res.once('finish', () => socket.destroySoon());
}

function msSince(start: bigint): number {
  return Number((process.hrtime.bigint() - start) / 1_000_000n);
}
