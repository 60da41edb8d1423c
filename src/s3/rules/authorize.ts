import { grantsAllow } from '../../accounts/grants.js';
import { S3Error } from '../../errors.js';
import type { Context, Granted, Permission, S3Request } from '../action.js';
import { authorizeBucket, isBucketOwner, loadBucket, objectGrants, requireSigned } from './access.js';
import { parseCopySource } from './copy-source.js';
import { folderPath } from './folder-path.js';
import { loadReadableVersion } from './readable-version.js';
import { requestedVersionId } from './version-id.js';

/**
 * The one authorization of every request, from the permission its action declares; what it
 * loaded on the way (bucket, version, copy source) is handed to the action.
 */
export async function authorize<P extends Permission>(
  permission: P,
  req: S3Request,
  ctx: Context,
): Promise<Granted<P>> {
  // Each branch returns the Grants entry of its own kind; TypeScript cannot relate a narrowed
  // `permission` to the generic P, hence the one cast.
  return (await grant(permission, req, ctx)) as Granted<P>;
}

async function grant(permission: Permission, req: S3Request, ctx: Context): Promise<Granted<Permission>> {
  const { bucket: name, key } = req.target;
  switch (permission.to) {
    case 'sign':
      return { principal: requireSigned(req) };
    case 'bucket':
      return { bucket: await authorizeBucket(req, ctx, name, permission.need) };
    case 'read-object':
      return loadReadableVersion(req, ctx, {
        bucket: name!,
        key: key!,
        versionId: req.target.query.get('versionId'),
        purpose: 'read',
      });
    case 'object-acp':
      return authorizeObjectAcp(req, ctx, permission.need);
    case 'copy': {
      const source = parseCopySource(req.headers['x-amz-copy-source']);
      const bucket = await authorizeBucket(req, ctx, name, 'write');
      return { bucket, source: await loadReadableVersion(req, ctx, { ...source, purpose: 'copy' }) };
    }
    case 'folder': {
      const path = folderPath(req);
      return { bucket: await authorizeBucket(req, ctx, path.bucket, 'read'), folder: path.folder };
    }
    case 'form':
      return {};
  }
}

/**
 * Get/PutObjectAcl: READ_ACP / WRITE_ACP in the ACL of the current version, or of `?versionId=`.
 * Only those who may list the bucket learn that a key or version does not exist.
 */
async function authorizeObjectAcp(req: S3Request, ctx: Context, need: 'READ_ACP' | 'WRITE_ACP') {
  const bucket = await loadBucket(req, ctx, req.target.bucket);
  const key = req.target.key!;
  const versionId = requestedVersionId(req.target.query);
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
  const grants = await objectGrants(ctx, bucket, version);
  if (!owner && !grantsAllow(grants, req.auth.principal, need)) throw new S3Error('AccessDenied');
  return { bucket, version, grants };
}
