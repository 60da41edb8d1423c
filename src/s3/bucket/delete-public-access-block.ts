import { defineAction } from '../action.js';
import { requireBucketOwner } from '../rules/bucket-owner.js';

/**
 * DeletePublicAccessBlock: the bucket owner only, 204 whether or not there was one. S3 names its
 * permission s3:PutBucketPublicAccessBlock.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletePublicAccessBlock.html
 */
export const deletePublicAccessBlock = defineAction({
  name: 'DeletePublicAccessBlock',
  route: { method: 'DELETE', target: 'bucket', query: 'publicAccessBlock' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketPublicAccessBlock' },
  async run(req, ctx, { bucket }) {
    requireBucketOwner(bucket, req.auth.principal);
    await ctx.controls.deletePublicAccessBlock(bucket);
    return { status: 204 };
  },
});
