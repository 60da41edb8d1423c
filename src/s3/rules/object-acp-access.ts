import { grantsAllow } from '../../accounts/grants.js';
import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error, withHeaders } from '../../errors.js';
import type { Bucket, ObjectVersion } from '../../storage/types.js';
import type { Context, IamNames, S3Request } from '../action.js';
import { isBucketOwner, loadBucket, objectGrants } from './access.js';
import { iamFor } from './iam-names.js';
import { policyVerdict } from './policy-verdict.js';
import { shownGrants, usableGrants } from './public-access.js';
import { requestedVersionId, versionHeader } from './version-id.js';

/**
 * Get/PutObjectAcl: the bucket policy (`s3:GetObjectAcl`, `s3:PutObjectVersionAcl`, ...), else
 * READ_ACP / WRITE_ACP in the ACL of the current version, or of `?versionId=`. Without a `need`
 * (tagging, which no ACL grant confers) only the bucket owner or a policy Allow admits. Only the
 * bucket owner learns that a key or version does not exist. With ACLs disabled
 * (BucketOwnerEnforced) the stored grants count for nothing and the ACL shown is the owner's full
 * control.
 */
export async function authorizeObjectAcp(
  req: S3Request,
  ctx: Context,
  permission: { need?: 'READ_ACP' | 'WRITE_ACP' } & IamNames,
) {
  const bucket = await loadBucket(req, ctx, req.target.bucket);
  const key = req.target.key!;
  const versionId = requestedVersionId(req.target.query);
  const verdict = await policyVerdict(req, ctx, bucket, { action: iamFor(permission, versionId), key });
  if (verdict === 'Deny') throw new S3Error('AccessDenied');
  const version =
    versionId === undefined
      ? await ctx.objects.current(bucket.name, key)
      : await ctx.objects.version(bucket.name, key, versionId);
  const owner = isBucketOwner(bucket, req.auth.principal);
  if (!version || version.isDeleteMarker) {
    if (!owner) throw new S3Error('AccessDenied');
    if (!version) {
      if (versionId === undefined) throw new S3Error('NoSuchKey', undefined, { Key: key });
      throw new S3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
    }
    throw deleteMarkerError(bucket, version, key, versionId !== undefined);
  }
  const { need } = permission;
  const stored = await objectGrants(ctx, bucket, version);
  const controls = await ctx.controls.get(bucket);
  const usable = need === undefined ? [] : usableGrants(controls, stored);
  const allowed =
    verdict === 'Allow' || owner || (need !== undefined && grantsAllow(usable, req.auth.principal, need));
  if (!allowed) throw new S3Error('AccessDenied');
  return { bucket, version, grants: shownGrants(controls, stored, canonicalOwnerId(bucket.owner)) };
}

/**
 * A delete marker has no ACL: as the newest version it is NoSuchKey, named by its id 405, both
 * with x-amz-delete-marker, as GetObject answers it.
 */
function deleteMarkerError(bucket: Bucket, marker: ObjectVersion, key: string, byId: boolean): S3Error {
  const headers = { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionHeader(bucket, marker) };
  if (byId) return withHeaders(new S3Error('MethodNotAllowed'), { ...headers, Allow: 'DELETE' });
  return withHeaders(new S3Error('NoSuchKey', undefined, { Key: key }), headers);
}
