import { defineAction } from '../action.js';
import { requireBucketOwner } from '../rules/bucket-owner.js';

/**
 * DeleteBucketOwnershipControls: the bucket owner only, 204. Without a setting the bucket keeps
 * ACLs and its writers' ownership (ObjectWriter), as S3 buckets did before Object Ownership.
 * S3 names its permission s3:PutBucketOwnershipControls.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketOwnershipControls.html
 */
export const deleteBucketOwnershipControls = defineAction({
  name: 'DeleteBucketOwnershipControls',
  route: { method: 'DELETE', target: 'bucket', query: 'ownershipControls' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketOwnershipControls' },
  async run(req, ctx, { bucket }) {
    requireBucketOwner(bucket, req.auth.principal);
    await ctx.controls.deleteOwnership(bucket);
    return { status: 204 };
  },
});
