import type { BucketPolicy } from '../../policy/bucket-policy.js';
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
 * The actions on an existing object version for which S3 sets `s3:ExistingObjectTag/<key>`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html
 */
const ON_EXISTING_OBJECT: ReadonlySet<IamAction> = new Set<IamAction>([
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectAcl',
  's3:GetObjectVersionAcl',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:GetObjectTagging',
  's3:GetObjectVersionTagging',
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersionTagging',
]);

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
  const extra = {
    ...(await existingObjectTags(req, ctx, bucket, question, stored.policy)),
    ...question.extra,
  };
  const verdict = evaluatePolicy(stored.policy, {
    principal: req.auth.principal,
    action: question.action,
    resource: resourceArn(bucket.name, question.key),
    context: await policyContext(req, ctx, question.action, extra),
  });
  if (verdict !== 'Allow') return verdict;
  const controls = await ctx.controls.get(bucket);
  return policyAllowRestricted(controls, bucket, stored.policy, req.auth.principal) ? 'None' : 'Allow';
}

/**
 * `s3:ExistingObjectTag/<key>`: the tags of the version acted on (the one `s3:VersionId` names, else
 * the current one), read only when the policy names such a key, so other requests cost nothing.
 */
async function existingObjectTags(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  question: PolicyQuestion,
  policy: BucketPolicy,
): Promise<Record<string, string>> {
  if (question.key === undefined || !ON_EXISTING_OBJECT.has(question.action)) return {};
  if (!namesExistingTags(policy)) return {};
  const versionId = question.extra?.['s3:VersionId'] ?? req.target.query.get('versionId');
  const version =
    versionId === undefined
      ? await ctx.objects.current(bucket.name, question.key)
      : await ctx.objects.version(bucket.name, question.key, versionId);
  if (!version || version.isDeleteMarker) return {};
  const tags = await ctx.objects.tags(version);
  return Object.fromEntries(tags.map((t) => [`s3:ExistingObjectTag/${t.key}`, t.value]));
}

function namesExistingTags(policy: BucketPolicy): boolean {
  return policy.statements.some((s) => s.conditions.some((c) => c.key.startsWith('s3:existingobjecttag/')));
}
