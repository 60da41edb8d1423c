import { grantsAllow } from '../../accounts/grants.js';
import { S3Error } from '../../errors.js';
import type { Context, IamNames, S3Request } from '../action.js';
import { isBucketOwner, loadBucket, objectGrants } from './access.js';
import { iamFor } from './iam-names.js';
import { policyVerdict } from './policy-verdict.js';
import { requestedVersionId } from './version-id.js';

/**
 * Get/PutObjectAcl: the bucket policy (`s3:GetObjectAcl`, `s3:PutObjectVersionAcl`, ...), else
 * READ_ACP / WRITE_ACP in the ACL of the current version, or of `?versionId=`. Without a `need`
 * (tagging, which no ACL grant confers) only the bucket owner or a policy Allow admits. Only the
 * bucket owner learns that a key or version does not exist.
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
    if (versionId !== undefined && !version)
      throw new S3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
    throw new S3Error('NoSuchKey', undefined, { Key: key });
  }
  const { need } = permission;
  const grants = need === undefined ? [] : await objectGrants(ctx, bucket, version);
  const allowed =
    verdict === 'Allow' || owner || (need !== undefined && grantsAllow(grants, req.auth.principal, need));
  if (!allowed) throw new S3Error('AccessDenied');
  return { bucket, version, grants };
}
