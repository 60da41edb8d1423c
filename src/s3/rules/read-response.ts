import type { Bucket, ObjectVersion } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { checksumResponseHeaders } from './checksum-headers.js';
import { expirationHeader } from './expiration-header.js';
import { objectResponseHeaders } from './object-headers.js';
import { lockResponseHeaders } from './object-lock-request.js';
import { checkReadPreconditions } from './preconditions.js';
import { requestedRange } from './requested-range.js';
import { encryptionResponseHeaders } from './server-side-encryption.js';
import { tagCountHeader } from './tag-set.js';
import { versionHeader } from './version-id.js';

/**
 * Status, headers and byte range of a GET or HEAD of `version` (the one the request names, already
 * authorized): preconditions first (304/412), then 206 with Content-Range for a range, else 200.
 */
export async function readResponse(req: S3Request, ctx: Context, bucket: Bucket, version: ObjectVersion) {
  // x-amz-tagging-count: a read of the version's tags (side data, not in its row), only in a bucket
  // where an object was ever tagged, so the others' GET and HEAD stay one read.
  const tags = bucket.taggedObjects ? await ctx.objects.tags(version) : undefined;
  // x-amz-expiration is about the current version: a read by version id goes without it.
  const expiration = req.target.query.has('versionId')
    ? {}
    : await expirationHeader(ctx, bucket, version, tags ?? []);
  const headers = {
    ...objectResponseHeaders(version, req.target.query, versionHeader(bucket, version)),
    ...(await lockResponseHeaders(req, ctx, bucket, version)),
    ...(tags ? tagCountHeader(tags) : {}),
    ...encryptionResponseHeaders(version.encryption, ctx),
    ...expiration,
  };
  checkReadPreconditions(req.headers, version, headers);
  const range = await requestedRange(req, version, ctx);
  if (range) {
    const rangeHeaders = {
      'Content-Length': range.end - range.start + 1,
      'Content-Range': `bytes ${range.start}-${range.end}/${version.size}`,
    };
    return { range, status: 206, headers: { ...headers, ...rangeHeaders } };
  }
  // A whole-object checksum is only correct for the whole object, never for a range.
  const checksum =
    req.headers['x-amz-checksum-mode'] === 'ENABLED' ? checksumResponseHeaders(version.checksum) : {};
  return {
    range: { start: 0, end: version.size - 1 },
    status: 200,
    headers: { ...headers, ...checksum, 'Content-Length': version.size },
  };
}
