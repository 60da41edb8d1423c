import { S3Error, withHeaders } from '../http/errors.js';
import { authorizeBucket } from './access.js';
import { checksumResponseHeaders } from './checksum-headers.js';
import { requestedRange } from './multipart-part-number.js';
import { objectResponseHeaders } from './object-headers.js';
import type { Operation, S3Request, Services } from './operation.js';
import { checkReadPreconditions } from './preconditions.js';
import { requestedVersionId, versionHeader } from './version-id.js';

/**
 * The version a GET/HEAD reads: `?versionId=` or the newest. A delete marker is 404 NoSuchKey as
 * the newest version and 405 MethodNotAllowed when asked for by id, both with x-amz-delete-marker.
 */
async function loadForRead(req: S3Request, services: Services) {
  const bucket = await authorizeBucket(req, services, 'read');
  const key = req.target.key!;
  const versionId = requestedVersionId(req.target.query);
  const version =
    versionId === undefined
      ? await services.objects.current(bucket.name, key)
      : await services.objects.version(bucket.name, key, versionId);
  if (!version) {
    if (versionId !== undefined)
      throw new S3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
    throw new S3Error('NoSuchKey', undefined, { Key: key });
  }
  if (version.isDeleteMarker) {
    const markerHeaders = {
      'x-amz-delete-marker': 'true',
      'x-amz-version-id': versionHeader(bucket, version),
    };
    if (versionId !== undefined)
      throw withHeaders(new S3Error('MethodNotAllowed'), { ...markerHeaders, Allow: 'DELETE' });
    throw withHeaders(new S3Error('NoSuchKey', undefined, { Key: key }), markerHeaders);
  }
  checkReadPreconditions(req.headers, version);
  return { bucket, version };
}

/** Status and headers of a GET or HEAD: 206 with Content-Range for a range, else 200. */
async function readResponse(req: S3Request, services: Services) {
  const { bucket, version } = await loadForRead(req, services);
  const headers = objectResponseHeaders(version, req.target.query, versionHeader(bucket, version));
  const range = await requestedRange(req, version, services);
  if (range) {
    const rangeHeaders = {
      'Content-Length': range.end - range.start + 1,
      'Content-Range': `bytes ${range.start}-${range.end}/${version.size}`,
    };
    return { version, range, status: 206, headers: { ...headers, ...rangeHeaders } };
  }
  // A whole-object checksum is only correct for the whole object, never for a range.
  const checksum =
    req.headers['x-amz-checksum-mode'] === 'ENABLED' ? checksumResponseHeaders(version.checksum) : {};
  return {
    version,
    range: { start: 0, end: version.size - 1 },
    status: 200,
    headers: { ...headers, ...checksum, 'Content-Length': version.size },
  };
}

export const getObject: Operation = async (req, services) => {
  const { version, range, status, headers } = await readResponse(req, services);
  return { status, headers, body: await services.objects.open(version, range) };
};

export const headObject: Operation = async (req, services) => {
  const { status, headers } = await readResponse(req, services);
  return { status, headers };
};
