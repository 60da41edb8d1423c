import type { IncomingHttpHeaders } from 'node:http';
import { S3Error, withHeaders } from '../../errors.js';
import type { ObjectVersion } from '../../storage/types.js';

/**
 * GET/HEAD preconditions in RFC 7232 order, as S3 applies them: If-Match (412), then
 * If-Unmodified-Since unless If-Match was given (412), If-None-Match (304), then
 * If-Modified-Since unless If-None-Match was given (304). A 304 keeps the headers S3 keeps on it
 * (`response`: the GET's headers; RFC 9110 15.4.5).
 */
export function checkReadPreconditions(
  headers: IncomingHttpHeaders,
  v: ObjectVersion,
  response: Record<string, string | number | undefined> = {},
): void {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  const lastModified = Math.floor(v.lastModified.getTime() / 1000) * 1000;
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, v.etag))
      throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  } else if (headers['if-unmodified-since'] !== undefined) {
    const since = Date.parse(headers['if-unmodified-since']);
    if (!Number.isNaN(since) && lastModified > since) {
      throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Unmodified-Since' });
    }
  }
  if (ifNoneMatch !== undefined) {
    if (etagListMatches(ifNoneMatch, v.etag)) throw notModified(response);
  } else if (headers['if-modified-since'] !== undefined) {
    const since = Date.parse(headers['if-modified-since']);
    if (!Number.isNaN(since) && lastModified <= since) throw notModified(response);
  }
}

export function etagListMatches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag.replace(/^"|"$/g, '') === etag;
  });
}

/** Headers a 304 carries; the body-describing ones (Content-Type, Content-Length) are dropped. */
const NOT_MODIFIED_HEADERS = new Set([
  'etag',
  'last-modified',
  'cache-control',
  'expires',
  'x-amz-version-id',
]);

function notModified(response: Record<string, string | number | undefined>): S3Error {
  const kept: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response)) {
    if (value !== undefined && NOT_MODIFIED_HEADERS.has(name.toLowerCase())) kept[name] = String(value);
  }
  return withHeaders(new S3Error('NotModified'), kept);
}
