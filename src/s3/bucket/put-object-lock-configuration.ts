import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { requireBodyDigest } from '../rules/object-lock-request.js';
import { readRequestXml } from '../rules/request-xml.js';
import { MAX_LOCK_CONFIGURATION_BYTES, parseObjectLockConfiguration } from './object-lock-configuration.js';

/**
 * PutObjectLockConfiguration: sets (or, without a Rule, clears) the default retention of a lock
 * bucket. Object Lock itself is enabled only by CreateBucket; a bucket created without it answers
 * InvalidBucketState. Like S3, the body needs Content-MD5 or a checksum.
 */
export const putObjectLockConfiguration = defineAction({
  name: 'PutObjectLockConfiguration',
  route: { method: 'PUT', target: 'bucket', query: 'object-lock' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketObjectLockConfiguration' },
  async run(req, ctx, { bucket }) {
    requireBodyDigest(req.headers, 'Missing required header for this request: Content-MD5');
    const doc = await readRequestXml(req, [], MAX_LOCK_CONFIGURATION_BYTES);
    const config = parseObjectLockConfiguration(doc);
    if (!bucket.objectLock) {
      throw new S3Error(
        'InvalidBucketState',
        'Object Lock configuration cannot be enabled on existing buckets',
      );
    }
    await ctx.buckets.setObjectLock(bucket, config);
    return { status: 200 };
  },
});
