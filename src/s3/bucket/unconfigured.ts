import { S3Error, type S3ErrorCode } from '../../errors.js';
import type { IamAction } from '../../policy/iam-actions.js';
import { type Action, defineAction } from '../action.js';

/**
 * Bucket configurations OK-S3 does not support yet. Clients such as mc, s3cmd and warp probe these
 * and expect the "not configured" answer AWS gives for a bucket without that configuration. Two
 * actions of one shape, so they are declared together; each becomes a file of its own when built.
 */
function notConfigured(name: string, query: string, iam: IamAction, code: S3ErrorCode): Action {
  return defineAction({
    name,
    route: { method: 'GET', target: 'bucket', query },
    permission: { to: 'bucket', need: 'owner', iam },
    async run(_req, _ctx, { bucket }) {
      throw new S3Error(code, undefined, { BucketName: bucket.name });
    },
  });
}

export const getBucketLifecycle = notConfigured(
  'GetBucketLifecycle',
  'lifecycle',
  's3:GetLifecycleConfiguration',
  'NoSuchLifecycleConfiguration',
);
export const getObjectLockConfiguration = notConfigured(
  'GetObjectLockConfiguration',
  'object-lock',
  's3:GetBucketObjectLockConfiguration',
  'ObjectLockConfigurationNotFoundError',
);
