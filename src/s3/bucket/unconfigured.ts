import { S3Error, type S3ErrorCode } from '../../errors.js';
import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';

/**
 * Bucket configurations OK-S3 does not support yet. Clients such as mc, s3cmd and warp probe these
 * and expect the "not configured" answer AWS gives for a bucket without that configuration.
 */
function notConfigured(code: S3ErrorCode): Operation {
  return async (req, services) => {
    const bucket = await authorizeBucket(req, services, 'owner');
    throw new S3Error(code, undefined, { BucketName: bucket.name });
  };
}

export const getBucketPolicy = notConfigured('NoSuchBucketPolicy');
export const getBucketCors = notConfigured('NoSuchCORSConfiguration');
export const getBucketLifecycle = notConfigured('NoSuchLifecycleConfiguration');
export const getBucketTagging = notConfigured('NoSuchTagSet');
export const getObjectLockConfiguration = notConfigured('ObjectLockConfigurationNotFoundError');
export const getBucketEncryption = notConfigured('ServerSideEncryptionConfigurationNotFoundError');
