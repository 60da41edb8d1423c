import { defineAction } from '../action.js';

/**
 * DeleteBucketTagging: 204 whether or not there were tags. S3 has no delete permission of its own:
 * a policy names `s3:PutBucketTagging` for it.
 */
export const deleteBucketTagging = defineAction({
  name: 'DeleteBucketTagging',
  route: { method: 'DELETE', target: 'bucket', query: 'tagging' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketTagging' },
  async run(_req, ctx, { bucket }) {
    await ctx.bucketTags.delete(bucket);
    return { status: 204 };
  },
});
