import { defineAction } from '../action.js';
import { aclPolicy } from '../rules/acl-policy.js';

/** GetBucketAcl: the bucket owner, or anyone granted READ_ACP. */
export const getBucketAcl = defineAction({
  name: 'GetBucketAcl',
  route: { method: 'GET', target: 'bucket', query: 'acl' },
  permission: { to: 'bucket', need: 'read-acp', iam: 's3:GetBucketAcl' },
  async run(_req, ctx, { bucket }) {
    const owner = await ctx.accounts.owner(bucket.owner);
    const value = await aclPolicy(ctx, owner, await ctx.buckets.grants(bucket));
    return { status: 200, xml: { root: 'AccessControlPolicy', value } };
  },
});
