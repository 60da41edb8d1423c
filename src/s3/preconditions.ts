import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../http/errors.js';
import type { ObjectVersion } from '../metadata/object-types.js';

/**
 * GET/HEAD preconditions in RFC 7232 order, as S3 applies them: If-Match (412), then
 * If-Unmodified-Since unless If-Match was given (412), If-None-Match (304), then
 * If-Modified-Since unless If-None-Match was given (304).
 */
export function checkReadPreconditions(headers: IncomingHttpHeaders, v: ObjectVersion): void {
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
    if (etagListMatches(ifNoneMatch, v.etag)) throw notModified(v);
  } else if (headers['if-modified-since'] !== undefined) {
    const since = Date.parse(headers['if-modified-since']);
    if (!Number.isNaN(since) && lastModified <= since) throw notModified(v);
  }
}

export function etagListMatches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag.replace(/^"|"$/g, '') === etag;
  });
}

function notModified(v: ObjectVersion): S3Error {
  return new S3Error('NotModified', undefined, { ETag: v.etag });
}
