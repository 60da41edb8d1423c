import type { Context, Granted, IamNames, Permission, S3Request } from '../action.js';
import { authorizeBucket, bucketAllows, loadBucket, requireSigned } from './access.js';
import { parseCopySource } from './copy-source.js';
import { folderPath } from './folder-path.js';
import { iamFor } from './iam-names.js';
import { authorizeObjectAcp } from './object-acp-access.js';
import { authorizePolicyManagement } from './policy-management.js';
import { COPY_SOURCE_READ, loadReadableVersion } from './readable-version.js';

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
    case 'bucket': {
      const action = iamFor(permission, req.target.query.get('versionId'));
      return { bucket: await authorizeBucket(req, ctx, name, { need: permission.need, action, key }) };
    }
    case 'read-object':
      return loadReadableVersion(req, ctx, {
        bucket: name!,
        key: key!,
        versionId: req.target.query.get('versionId'),
        purpose: 'read',
        names: permission,
      });
    case 'object-acp':
    case 'object-owner':
      return authorizeObjectAcp(req, ctx, permission);
    case 'copy': {
      const source = parseCopySource(req.headers['x-amz-copy-source']);
      const bucket = await authorizeBucket(req, ctx, name, { need: 'write', action: permission.iam, key });
      const read = { ...source, purpose: 'copy', names: COPY_SOURCE_READ } as const;
      return { bucket, source: await loadReadableVersion(req, ctx, read) };
    }
    case 'each-key':
      return eachKey(req, ctx, permission);
    case 'policy':
      return { bucket: await authorizePolicyManagement(req, ctx, permission.iam) };
    case 'folder': {
      const { bucket, folder } = folderPath(req);
      const extra = { 's3:prefix': folder, 's3:delimiter': '/' };
      const access = { need: 'read', action: permission.iam, extra } as const;
      return { bucket: await authorizeBucket(req, ctx, bucket, access), folder };
    }
    case 'form':
      return {};
  }
}

/**
 * DeleteObjects: the bucket now, each key's permission as the action reaches it. Without a
 * bucket policy only the bucket ACL decides, the same for every key: a caller it refuses is 403
 * at once, before the body is read (and is never sent 100 Continue).
 */
async function eachKey(req: S3Request, ctx: Context, names: Required<IamNames>) {
  const bucket = await loadBucket(req, ctx, req.target.bucket);
  if (!(await ctx.policies.get(bucket))) {
    await authorizeBucket(req, ctx, bucket.name, { need: 'write', action: names.iam });
  }
  return {
    bucket,
    mayAct: (key: string, versionId: string | undefined) =>
      bucketAllows(req, ctx, bucket, {
        need: 'write',
        action: iamFor(names, versionId),
        key,
        extra: versionId === undefined ? {} : { 's3:VersionId': versionId },
      }),
  };
}
