import type { BucketPolicy, Statement } from './bucket-policy.js';
import { conditionsHold, type RequestContext } from './condition.js';
import type { IamAction } from './iam-actions.js';
import { type KeyLookup, matchesTemplate } from './policy-template.js';
import { principalMatches } from './principal.js';

/** One request as a policy sees it. */
export interface PolicyRequest {
  /** The caller's canonical id; null = anonymous. */
  principal: string | null;
  action: IamAction;
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`. */
  resource: string;
  context: RequestContext;
}

/**
 * What the policy says about a request: an explicit `Deny` (wins over everything), an `Allow`,
 * or nothing (the ACLs decide). S3's order for a bucket policy:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export type PolicyVerdict = 'Deny' | 'Allow' | 'None';

export function evaluatePolicy(policy: BucketPolicy, request: PolicyRequest): PolicyVerdict {
  let verdict: PolicyVerdict = 'None';
  for (const statement of policy.statements) {
    if (!applies(statement, request)) continue;
    if (statement.effect === 'Deny') return 'Deny';
    verdict = 'Allow';
  }
  return verdict;
}

function applies(s: Statement, request: PolicyRequest): boolean {
  const lookup: KeyLookup = (key) => request.context.get(key)?.[0];
  if (principalMatches(s.principal, request.principal) === s.notPrincipal) return false;
  const actionNamed = s.actions.some((a) => matchesTemplate(a, request.action, lookup, true));
  if (actionNamed === s.notAction) return false;
  const resourceNamed = s.resources.some((r) => matchesTemplate(r, request.resource, lookup));
  if (resourceNamed === s.notResource) return false;
  return conditionsHold(s.conditions, request.context);
}

/** The ARN a request acts on: the bucket, or one of its objects. */
export function resourceArn(bucket: string, key: string | undefined): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}
