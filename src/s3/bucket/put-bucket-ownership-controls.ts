import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { readOwnershipControls } from '../rules/bucket-controls-xml.js';
import { requireBucketOwner } from '../rules/bucket-owner.js';
import { isOwnerFullControl } from '../rules/public-access.js';

/**
 * PutBucketOwnershipControls (`PUT /{bucket}?ownershipControls`): the bucket owner only. ACLs can
 * be disabled (BucketOwnerEnforced) only while the bucket ACL grants nothing but the owner's full
 * control, else 400 InvalidBucketAclWithObjectOwnership; object ACLs may stay, they just stop
 * counting. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-migrating-acls-prerequisites.html
 */
export const putBucketOwnershipControls = defineAction({
  name: 'PutBucketOwnershipControls',
  route: { method: 'PUT', target: 'bucket', query: 'ownershipControls' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketOwnershipControls' },
  async run(req, ctx, { bucket }) {
    requireBucketOwner(bucket, req.auth.principal);
    const ownership = await readOwnershipControls(req);
    if (ownership === 'BucketOwnerEnforced') {
      const grants = await ctx.buckets.grants(bucket);
      if (!isOwnerFullControl(grants, canonicalOwnerId(bucket.owner))) {
        throw new S3Error('InvalidBucketAclWithObjectOwnership');
      }
    }
    await ctx.controls.putOwnership(bucket, ownership);
    return { status: 200 };
  },
});
