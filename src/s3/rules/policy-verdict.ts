import { evaluatePolicy, type PolicyVerdict, resourceArn } from '../../policy/evaluate-policy.js';
import type { IamAction } from '../../policy/iam-actions.js';
import type { Bucket } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { policyContext } from './policy-context.js';
import { policyAllowRestricted } from './public-access.js';

/** What a request asks of a bucket policy: an IAM action on the bucket or on one of its objects. */
export interface PolicyQuestion {
  action: IamAction;
  /** The object acted on; the bucket itself when undefined. */
  key?: string;
  /** Condition keys the request itself cannot show (ListFolder's prefix, a form's acl field). */
  extra?: Readonly<Record<string, string>>;
}

/**
 * What the bucket's policy says about this request: Deny, Allow, or None (no policy, or no
 * statement applies: the ACLs decide). A stored policy that no longer parses denies. Under
 * RestrictPublicBuckets a public policy's Allow counts for the bucket owner only.
 */
export async function policyVerdict(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  question: PolicyQuestion,
): Promise<PolicyVerdict> {
  const stored = await ctx.policies.get(bucket);
  if (!stored) return 'None';
  if (!stored.policy) return 'Deny';
  const verdict = evaluatePolicy(stored.policy, {
    principal: req.auth.principal,
    action: question.action,
    resource: resourceArn(bucket.name, question.key),
    context: await policyContext(req, ctx, question.action, question.extra ?? {}),
  });
  if (verdict !== 'Allow') return verdict;
  const controls = await ctx.controls.get(bucket);
  return policyAllowRestricted(controls, bucket, stored.policy, req.auth.principal) ? 'None' : 'Allow';
}
