import { S3Error } from '../http/errors.js';
import type { ObjectVersion } from '../metadata/object-types.js';
import { authorizeBucket } from './access.js';
import { checkCopySourceConditions, parseCopySource } from './copy-source.js';
import { metadataFromHeaders } from './object-headers.js';
import type { Operation } from './operation.js';
import { requestedVersionId, versionHeader } from './version-id.js';

/**
 * CopyObject by reference: the new version gets new blobs whose block lists are the source's, so
 * no byte is read or written. The ETag and checksum are the source's (the bytes are identical).
 */
export const copyObject: Operation = async (req, services) => {
  const source = parseCopySource(req.headers['x-amz-copy-source']);
  const target = await authorizeBucket(req, services, 'write');
  const sourceBucket = await authorizeBucket(
    { ...req, target: { ...req.target, bucket: source.bucket } },
    services,
    'read',
  );
  const sourceVersionId =
    source.versionId === undefined
      ? undefined
      : requestedVersionId(new Map([['versionId', source.versionId]]));
  const version =
    sourceVersionId === undefined
      ? await services.objects.current(sourceBucket.name, source.key)
      : await services.objects.version(sourceBucket.name, source.key, sourceVersionId);
  if (!version && sourceVersionId !== undefined)
    throw new S3Error('NoSuchVersion', undefined, { Key: source.key, VersionId: sourceVersionId });
  if (!version || version.isDeleteMarker) throw new S3Error('NoSuchKey', undefined, { Key: source.key });
  checkCopySourceConditions(req.headers, version);

  const directive = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new S3Error('InvalidArgument', 'Unknown metadata directive.', {
      ArgumentName: 'x-amz-metadata-directive',
    });
  }
  const key = req.target.key!;
  if (directive === 'COPY' && sourceBucket.name === target.name && source.key === key) {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const meta = directive === 'REPLACE' ? metadataFromHeaders(req.headers) : metadataOf(version);
  const parts = await services.objects.copyParts(await services.objects.parts(version));
  const copy = await services.objects.commit(
    {
      bucket: target.name,
      key,
      size: version.size,
      etag: version.etag,
      ...meta,
      checksum: version.checksum,
      partsCount: version.partsCount,
      isDeleteMarker: false,
      nullVersion: target.versioning !== 'Enabled',
      inline: version.inline,
    },
    parts,
  );
  return {
    status: 200,
    headers: {
      'x-amz-version-id': versionHeader(target, copy),
      'x-amz-copy-source-version-id': versionHeader(sourceBucket, version),
    },
    xml: {
      root: 'CopyObjectResult',
      value: { LastModified: copy.lastModified.toISOString(), ETag: `"${copy.etag}"` },
    },
  };
};

function metadataOf(v: ObjectVersion) {
  return { contentType: v.contentType, headers: v.headers, userMeta: v.userMeta };
}
