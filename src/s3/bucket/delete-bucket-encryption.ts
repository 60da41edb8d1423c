import { defineAction } from '../action.js';

/**
 * DeleteBucketEncryption: 204 whether or not there was a configuration. S3 has no delete
 * permission of its own: a policy names `s3:PutEncryptionConfiguration` for it.
 */
export const deleteBucketEncryption = defineAction({
  name: 'DeleteBucketEncryption',
  route: { method: 'DELETE', target: 'bucket', query: 'encryption' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutEncryptionConfiguration' },
  async run(_req, ctx, { bucket }) {
    await ctx.encryption.delete(bucket);
    return { status: 204 };
  },
});
