import type { BucketPolicy, Statement } from './bucket-policy.js';
import type { Condition } from './condition.js';
import { IAM_ACTIONS } from './iam-actions.js';
import type { IpRange } from './ip-range.js';
import {
  matchesTemplate,
  NO_KEYS,
  type PolicyTemplate,
  parseTemplate,
  resolvePlain,
} from './policy-template.js';

/**
 * GetBucketPolicyStatus's IsPublic, by S3's definition: a policy is public when one of its Allow
 * statements grants a "bad action" (any `s3:Get*`, `s3:List*`, `s3:Put*`, `s3:Delete*`,
 * `s3:AbortMultipartUpload`, `s3:RestoreObject`) to everyone, unless a condition pins it to a set
 * of CIDR blocks (`aws:SourceIp`) or to fixed values of an identifying key.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
export function isPublicPolicy(policy: BucketPolicy): boolean {
  return policy.statements.some(isPublicStatement);
}

const BAD_ACTIONS = [
  's3:Get*',
  's3:List*',
  's3:Put*',
  's3:Delete*',
  's3:AbortMultipartUpload',
  's3:RestoreObject',
];
const BAD = IAM_ACTIONS.filter((name) =>
  BAD_ACTIONS.some((bad) => matchesTemplate(parseTemplate(bad, false), name, NO_KEYS, true)),
);

/** Keys whose fixed value names who may call (from S3's list). */
const PINNING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

function isPublicStatement(s: Statement): boolean {
  if (s.effect !== 'Allow') return false;
  if (!s.notPrincipal && !s.principal.everyone) return false;
  if (!grantsBadAction(s)) return false;
  return !s.conditions.some(pinsCaller);
}

function grantsBadAction(s: Statement): boolean {
  const named = (name: string) => s.actions.some((a) => matchesTemplate(a, name, NO_KEYS, true));
  return BAD.some((name) => named(name) !== s.notAction);
}

function pinsCaller(c: Condition): boolean {
  if (c.ifExists || c.operator === 'Null' || c.operator.negated) return false;
  if (c.key === 'aws:sourceip') return c.values.every(isNarrowRange);
  if (!PINNING_KEYS.has(c.key)) return false;
  return c.values.every(isFixed);
}

/** A block narrower than the whole address space (`0.0.0.0/0` and `::/0` pin nothing). */
function isNarrowRange(value: unknown): boolean {
  return (value as IpRange).bits > 0;
}

/** A string value without wildcards or variables (values of other operators pin nothing). */
function isFixed(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  const text = resolvePlain(value as PolicyTemplate, NO_KEYS);
  return text !== undefined && !text.includes('*') && !text.includes('?');
}
