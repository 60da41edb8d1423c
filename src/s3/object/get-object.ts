import type { Operation, S3Request, Services } from '../action.js';
import { checksumResponseHeaders } from '../rules/checksum-headers.js';
import { objectResponseHeaders } from '../rules/object-headers.js';
import { checkReadPreconditions } from '../rules/preconditions.js';
import { loadReadableVersion } from '../rules/readable-version.js';
import { requestedRange } from '../rules/requested-range.js';
import { versionHeader } from '../rules/version-id.js';

/** Status and headers of a GET or HEAD: 206 with Content-Range for a range, else 200. */
async function readResponse(req: S3Request, services: Services) {
  const { bucket, version } = await loadReadableVersion(req, services, {
    bucket: req.target.bucket!,
    key: req.target.key!,
    versionId: req.target.query.get('versionId'),
    purpose: 'read',
  });
  const headers = objectResponseHeaders(version, req.target.query, versionHeader(bucket, version));
  checkReadPreconditions(req.headers, version, headers);
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
