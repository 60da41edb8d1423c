import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { ownershipControlsXml } from '../rules/bucket-controls-xml.js';
import { requireBucketOwner } from '../rules/bucket-owner.js';

/** GetBucketOwnershipControls: the bucket owner only; 404 OwnershipControlsNotFoundError without one. */
export const getBucketOwnershipControls = defineAction({
  name: 'GetBucketOwnershipControls',
  route: { method: 'GET', target: 'bucket', query: 'ownershipControls' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketOwnershipControls' },
  async run(req, ctx, { bucket }) {
    requireBucketOwner(bucket, req.auth.principal);
    const { ownership } = await ctx.controls.get(bucket);
    if (!ownership)
      throw new S3Error('OwnershipControlsNotFoundError', undefined, { BucketName: bucket.name });
    return { status: 200, xml: ownershipControlsXml(ownership) };
  },
});
