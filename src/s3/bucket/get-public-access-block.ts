import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { publicAccessBlockXml } from '../rules/bucket-controls-xml.js';
import { requireBucketOwner } from '../rules/bucket-owner.js';

/** GetPublicAccessBlock: the bucket owner only; 404 NoSuchPublicAccessBlockConfiguration without one. */
export const getPublicAccessBlock = defineAction({
  name: 'GetPublicAccessBlock',
  route: { method: 'GET', target: 'bucket', query: 'publicAccessBlock' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketPublicAccessBlock' },
  async run(req, ctx, { bucket }) {
    requireBucketOwner(bucket, req.auth.principal);
    const { publicAccessBlock } = await ctx.controls.get(bucket);
    if (!publicAccessBlock) {
      throw new S3Error('NoSuchPublicAccessBlockConfiguration', undefined, { BucketName: bucket.name });
    }
    return { status: 200, xml: publicAccessBlockXml(publicAccessBlock) };
  },
});
