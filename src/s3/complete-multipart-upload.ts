import { MAX_XML_BODY } from '../http/xml.js';
import { authorizeBucket } from './access.js';
import { chooseParts, requestedParts } from './complete-multipart-parts.js';
import { checksumElement, uploadIdOf } from './multipart-request.js';
import type { Operation } from './operation.js';
import { readRequestXml } from './request-xml.js';
import { versionIdHeader } from './version-id.js';

/**
 * POST /bucket/key?uploadId=U: makes the object from the listed parts, metadata only (see
 * storage/upload-completion.ts). A retry of a finished Complete answers with the same result.
 */
export const completeMultipartUpload: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'write');
  const key = req.target.key!;
  const uploadId = uploadIdOf(req);
  const requested = requestedParts(await readRequestXml(req, ['Part'], MAX_XML_BODY));
  const minPartSize = services.config.multipartMinPartSize;
  const result = await services.multipart.complete(
    { bucket: bucket.name, key, uploadId, nullVersion: bucket.versioning !== 'Enabled' },
    (upload, stored) => chooseParts(upload, stored, requested, minPartSize),
  );
  const checksum = result.checksum
    ? {
        [checksumElement(result.checksum.algorithm)]: result.checksum.value,
        ChecksumType: result.checksum.type,
      }
    : {};
  return {
    status: 200,
    headers: { 'x-amz-version-id': versionIdHeader(bucket, result.versionId) },
    xml: {
      root: 'CompleteMultipartUploadResult',
      value: {
        Location: `http://${req.headers.host ?? 'localhost'}/${bucket.name}/${encodeURIComponent(key)}`,
        Bucket: bucket.name,
        Key: key,
        ETag: `"${result.etag}"`,
        ...checksum,
      },
    },
  };
};
