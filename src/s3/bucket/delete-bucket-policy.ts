import { defineAction } from '../action.js';

/** DeleteBucketPolicy: the bucket owner only; 204 whether or not there was one, as on S3. */
export const deleteBucketPolicy = defineAction({
  name: 'DeleteBucketPolicy',
  route: { method: 'DELETE', target: 'bucket', query: 'policy' },
  permission: { to: 'policy', iam: 's3:DeleteBucketPolicy' },
  async run(_req, ctx, { bucket }) {
    await ctx.policies.delete(bucket);
    return { status: 204 };
  },
});
