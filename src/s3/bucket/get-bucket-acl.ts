import { defineAction } from '../action.js';
import { aclPolicy } from '../rules/acl-policy.js';
import { shownGrants } from '../rules/public-access.js';

/**
 * GetBucketAcl: the bucket owner, or anyone granted READ_ACP. With ACLs disabled
 * (BucketOwnerEnforced) it shows the owner's full control, whatever was stored before.
 */
export const getBucketAcl = defineAction({
  name: 'GetBucketAcl',
  route: { method: 'GET', target: 'bucket', query: 'acl' },
  permission: { to: 'bucket', need: 'read-acp', iam: 's3:GetBucketAcl' },
  async run(_req, ctx, { bucket }) {
    const owner = await ctx.accounts.owner(bucket.owner);
    const grants = shownGrants(await ctx.controls.get(bucket), await ctx.buckets.grants(bucket), owner.id);
    const value = await aclPolicy(ctx, owner, grants);
    return { status: 200, xml: { root: 'AccessControlPolicy', value } };
  },
});
