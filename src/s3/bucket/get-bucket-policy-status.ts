import { S3Error } from '../../errors.js';
import { isPublicPolicy } from '../../policy/policy-status.js';
import { defineAction } from '../action.js';

/**
 * GetBucketPolicyStatus: whether the bucket's policy is public, by S3's definition
 * (policy/policy-status.ts); NoSuchBucketPolicy without one. A stored policy that no longer
 * parses denies everything, so it is not public.
 */
export const getBucketPolicyStatus = defineAction({
  name: 'GetBucketPolicyStatus',
  route: { method: 'GET', target: 'bucket', query: 'policyStatus' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketPolicyStatus' },
  async run(_req, ctx, { bucket }) {
    const stored = await ctx.policies.get(bucket);
    if (!stored) throw new S3Error('NoSuchBucketPolicy', undefined, { BucketName: bucket.name });
    const isPublic = stored.policy !== undefined && isPublicPolicy(stored.policy);
    return { status: 200, xml: { root: 'PolicyStatus', value: { IsPublic: isPublic } } };
  },
});
