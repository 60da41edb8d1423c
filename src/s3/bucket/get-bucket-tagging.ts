import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { renderTagging } from '../rules/tag-set.js';

/** GetBucketTagging: the bucket owner's; the tags in key order, or 404 NoSuchTagSet. */
export const getBucketTagging = defineAction({
  name: 'GetBucketTagging',
  route: { method: 'GET', target: 'bucket', query: 'tagging' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketTagging' },
  async run(_req, ctx, { bucket }) {
    const tags = await ctx.bucketTags.get(bucket);
    if (!tags) throw new S3Error('NoSuchTagSet', undefined, { BucketName: bucket.name });
    return { status: 200, xml: { root: 'Tagging', value: renderTagging(tags) } };
  },
});
