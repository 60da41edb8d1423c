import { defineAction } from '../action.js';
import { readPublicAccessBlock } from '../rules/bucket-controls-xml.js';
import { requireBucketOwner } from '../rules/bucket-owner.js';

/**
 * PutPublicAccessBlock (`PUT /{bucket}?publicAccessBlock`): replaces the bucket's four flags. The
 * bucket owner only. Existing ACLs and the existing policy stay as they are; the flags change what
 * they grant (rules/public-access.ts).
 */
export const putPublicAccessBlock = defineAction({
  name: 'PutPublicAccessBlock',
  route: { method: 'PUT', target: 'bucket', query: 'publicAccessBlock' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketPublicAccessBlock' },
  async run(req, ctx, { bucket }) {
    requireBucketOwner(bucket, req.auth.principal);
    const block = await readPublicAccessBlock(req);
    await ctx.controls.putPublicAccessBlock(bucket, block);
    return { status: 200 };
  },
});
