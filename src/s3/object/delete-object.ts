import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';
import { requestedVersionId, versionHeader } from '../rules/version-id.js';

/**
 * DELETE /bucket/key[?versionId=]: 204 whether or not the key existed, as S3 answers. Without a
 * version id a versioned bucket gets a delete marker; with one, that version is removed for good.
 */
export const deleteObject: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'write');
  const key = req.target.key!;
  const versionId = requestedVersionId(req.target.query);
  const outcome =
    versionId === undefined
      ? await services.objects.deleteObject(bucket.name, key, bucket.versioning)
      : await services.objects.deleteVersion(bucket.name, key, versionId);
  return {
    status: 204,
    headers: {
      'x-amz-delete-marker': outcome.deleteMarker ? 'true' : undefined,
      'x-amz-version-id': outcome.version ? versionHeader(bucket, outcome.version) : versionId,
    },
  };
};
