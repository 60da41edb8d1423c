import { defineAction } from '../action.js';
import { bypassesGovernance } from '../rules/object-lock-request.js';
import { requestedVersionId, versionHeader } from '../rules/version-id.js';

/**
 * DELETE /bucket/key[?versionId=]: 204 whether or not the key existed, as S3 answers. Without a
 * version id a versioned bucket gets a delete marker; with one, that version is removed for good,
 * unless Object Lock protects it (403, decided by the store; `x-amz-bypass-governance-retention`
 * lifts a GOVERNANCE retention for a caller holding `s3:BypassGovernanceRetention`).
 */
export const deleteObject = defineAction({
  name: 'DeleteObject',
  route: { method: 'DELETE', target: 'object' },
  permission: { to: 'bucket', need: 'write', iam: 's3:DeleteObject', versioned: 's3:DeleteObjectVersion' },
  async run(req, ctx, { bucket }) {
    const key = req.target.key!;
    const versionId = requestedVersionId(req.target.query);
    const outcome =
      versionId === undefined
        ? await ctx.objects.deleteObject(bucket.name, key, bucket.versioning)
        : await ctx.objects.deleteVersion(bucket.name, key, versionId, {
            lockBucket: bucket.objectLock !== undefined,
            bypassGovernance: await bypassesGovernance(req, ctx, bucket, key),
          });
    return {
      status: 204,
      headers: {
        'x-amz-delete-marker': outcome.deleteMarker ? 'true' : undefined,
        'x-amz-version-id': outcome.version ? versionHeader(bucket, outcome.version) : versionId,
      },
    };
  },
});
