import { S3Error } from '../../errors.js';
import type { ObjectVersion } from '../../metadata/object-types.js';
import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';
import { checkCopySourceConditions, parseCopySource } from '../rules/copy-source.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { loadReadableVersion } from '../rules/readable-version.js';
import { versionHeader, writtenVersionHeader } from '../rules/version-id.js';
import { objectAclForPut } from './object-acl.js';

/**
 * CopyObject by reference: the new version gets new blobs whose block lists are the source's, so
 * no byte is read or written. The ETag and checksum are the source's (the bytes are identical).
 */
export const copyObject: Operation = async (req, services) => {
  const source = parseCopySource(req.headers['x-amz-copy-source']);
  const target = await authorizeBucket(req, services, 'write');
  const { bucket: sourceBucket, version } = await loadReadableVersion(req, services, {
    ...source,
    purpose: 'copy',
  });
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
  // The copy gets the ACL the request asks for (x-amz-acl / x-amz-grant-*), else private, as on S3.
  const acl = await objectAclForPut(req, services, target);
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
  await acl.store(copy.versionId);
  return {
    status: 200,
    headers: {
      'x-amz-version-id': writtenVersionHeader(target, copy),
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
