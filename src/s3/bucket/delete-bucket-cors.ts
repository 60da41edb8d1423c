import { defineAction } from '../action.js';

/**
 * DeleteBucketCors: 204 whether or not there were rules. S3 has no delete permission of its own:
 * a policy names `s3:PutBucketCORS` for it.
 */
export const deleteBucketCors = defineAction({
  name: 'DeleteBucketCors',
  route: { method: 'DELETE', target: 'bucket', query: 'cors' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketCORS' },
  async run(_req, ctx, { bucket }) {
    await ctx.cors.delete(bucket);
    return { status: 204 };
  },
});
