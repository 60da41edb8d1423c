import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { RETRY_AFTER_SECONDS, type S3Error, toS3Error } from '../errors.js';
import type { Logger } from '../logger.js';
import type { S3Result } from '../s3/action.js';
import { renderXml } from './xml.js';

/** The one place that writes S3 results to the socket. */
export async function sendResult(
  res: ServerResponse,
  result: S3Result,
  isHead: boolean,
  log: Logger,
): Promise<void> {
  res.statusCode = result.status;
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined) res.setHeader(name, String(value));
  }
  if (result.xml) return endWith(res, 'application/xml', renderXml(result.xml), isHead);
  if (result.json !== undefined) return endWith(res, 'application/json', JSON.stringify(result.json), isHead);
  if (result.body) {
    if (isHead) {
      result.body.destroy();
      res.end();
      return;
    }
    try {
      // pipeline destroys the source when the client goes away, and the socket if the source fails.
      await pipeline(result.body, res);
    } catch (err) {
      log.warn({ err }, 'response stream ended early');
      res.destroy();
    }
    return;
  }
  res.end();
}

/** S3 error XML (Code, Message, Resource, RequestId) with the catalog's status; no body for HEAD. */
export function sendError(
  res: ServerResponse,
  err: unknown,
  resource: string,
  requestId: string,
  isHead: boolean,
): S3Error {
  const s3err = toS3Error(err);
  if (res.headersSent) {
    res.destroy();
    return s3err;
  }
  res.statusCode = s3err.status;
  for (const [name, value] of Object.entries(s3err.headers)) res.setHeader(name, value);
  // Every "not now" answer tells the client when to come back.
  if (s3err.status === 503 && !res.hasHeader('Retry-After'))
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  const xml = renderXml(
    {
      root: 'Error',
      value: {
        Code: s3err.code,
        Message: s3err.message,
        ...s3err.detail,
        Resource: resource,
        RequestId: requestId,
      },
    },
    false,
  );
  endWith(res, 'application/xml', xml, isHead || s3err.status === 304);
  return s3err;
}

function endWith(res: ServerResponse, contentType: string, text: string, noBody: boolean): void {
  const body = Buffer.from(text, 'utf8');
  // A 304 describes no body at all (RFC 9110 15.4.5).
  if (res.statusCode !== 304) res.setHeader('Content-Type', contentType);
  if (noBody) {
    res.end();
    return;
  }
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
