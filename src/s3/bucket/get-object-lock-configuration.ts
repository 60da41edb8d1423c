import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { objectLockConfigurationXml } from './object-lock-configuration.js';

/** GetObjectLockConfiguration: a bucket created without Object Lock has none (404). */
export const getObjectLockConfiguration = defineAction({
  name: 'GetObjectLockConfiguration',
  route: { method: 'GET', target: 'bucket', query: 'object-lock' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketObjectLockConfiguration' },
  async run(_req, _ctx, { bucket }) {
    if (!bucket.objectLock) {
      throw new S3Error('ObjectLockConfigurationNotFoundError', undefined, { BucketName: bucket.name });
    }
    return {
      status: 200,
      xml: { root: 'ObjectLockConfiguration', value: objectLockConfigurationXml(bucket.objectLock) },
    };
  },
});
