import { S3Error } from '../http/errors.js';
import { authorizeBucket } from './access.js';
import { checksumResponseHeaders } from './checksum-headers.js';
import { requestedRange } from './multipart-part-number.js';
import { objectResponseHeaders } from './object-headers.js';
import type { Operation, S3Request, Services } from './operation.js';
import { checkReadPreconditions } from './preconditions.js';

async function loadForRead(req: S3Request, services: Services) {
  const bucket = await authorizeBucket(req, services, 'read');
  const key = req.target.key!;
  if (req.target.query.has('versionId') && req.target.query.get('versionId') !== 'null') {
    throw new S3Error(
      'NotImplemented',
      'Reading a specific version needs bucket versioning, which is not built yet.',
    );
  }
  const version = await services.objects.current(bucket.name, key);
  if (!version || version.isDeleteMarker) throw new S3Error('NoSuchKey', undefined, { Key: key });
  checkReadPreconditions(req.headers, version);
  return { bucket, version };
}

export const getObject: Operation = async (req, services) => {
  const { bucket, version } = await loadForRead(req, services);
  const headers = objectResponseHeaders(version, req.target.query, {
    versioned: bucket.versioning !== 'Unversioned',
  });
  const range = await requestedRange(req, version, services);
  const parts = await services.objects.parts(version);
  if (range) {
    return {
      status: 206,
      headers: {
        ...headers,
        'Content-Length': range.end - range.start + 1,
        'Content-Range': `bytes ${range.start}-${range.end}/${version.size}`,
      },
      body: services.objects.read(parts, range),
    };
  }
  // A whole-object checksum is only correct for the whole object, never for a range.
  const checksum =
    req.headers['x-amz-checksum-mode'] === 'ENABLED' ? checksumResponseHeaders(version.checksum) : {};
  return {
    status: 200,
    headers: { ...headers, ...checksum, 'Content-Length': version.size },
    body: services.objects.read(parts, { start: 0, end: version.size - 1 }),
  };
};

export const headObject: Operation = async (req, services) => {
  const { bucket, version } = await loadForRead(req, services);
  const headers = objectResponseHeaders(version, req.target.query, {
    versioned: bucket.versioning !== 'Unversioned',
  });
  const range = await requestedRange(req, version, services);
  const checksum =
    req.headers['x-amz-checksum-mode'] === 'ENABLED' && !range
      ? checksumResponseHeaders(version.checksum)
      : {};
  if (range) {
    return {
      status: 206,
      headers: {
        ...headers,
        'Content-Length': range.end - range.start + 1,
        'Content-Range': `bytes ${range.start}-${range.end}/${version.size}`,
      },
    };
  }
  return { status: 200, headers: { ...headers, ...checksum, 'Content-Length': version.size } };
};
