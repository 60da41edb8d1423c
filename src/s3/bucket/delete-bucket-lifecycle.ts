import { defineAction } from '../action.js';

/**
 * DeleteBucketLifecycle: 204 whether or not there were rules; the executor stops at its next
 * pass. S3 has no delete permission of its own: a policy names `s3:PutLifecycleConfiguration`.
 */
export const deleteBucketLifecycle = defineAction({
  name: 'DeleteBucketLifecycle',
  route: { method: 'DELETE', target: 'bucket', query: 'lifecycle' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutLifecycleConfiguration' },
  async run(_req, ctx, { bucket }) {
    await ctx.lifecycle.delete(bucket);
    return { status: 204 };
  },
});
