import { verifiedBody } from '../../body/payload-verifier.js';
import { readCapped } from '../../body/xml-body.js';
import { S3Error } from '../../errors.js';
import { type BucketPolicy, parseBucketPolicy } from '../../policy/bucket-policy.js';
import { PolicyError } from '../../policy/policy-error.js';
import { type Context, defineAction, type S3Request } from '../action.js';
import { checkPolicyAllowed } from '../rules/public-access.js';

/** S3's limit on a bucket policy document. */
export const MAX_POLICY_BYTES = 20 * 1024;

/**
 * PutBucketPolicy: the bucket owner only (rules/policy-management.ts). The document is checked as
 * S3 checks it (MalformedPolicy with the reason), its principals must be existing accounts, and
 * it is stored byte for byte. Under BlockPublicPolicy a public policy is 403 AccessDenied. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
 */
export const putBucketPolicy = defineAction({
  name: 'PutBucketPolicy',
  route: { method: 'PUT', target: 'bucket', query: 'policy' },
  permission: { to: 'policy', iam: 's3:PutBucketPolicy' },
  async run(req, ctx, { bucket }) {
    const text = await readPolicy(req);
    const policy = parsed(text, bucket.name);
    await checkPrincipalsExist(ctx, policy);
    checkPolicyAllowed(await ctx.controls.get(bucket), policy);
    await ctx.policies.put(bucket, text);
    return { status: 204 };
  },
});

async function readPolicy(req: S3Request): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_POLICY_BYTES) throw new S3Error('PolicyTooLarge');
  const { stream } = verifiedBody(req.raw, req.headers, req.auth);
  try {
    return await readCapped(stream, MAX_POLICY_BYTES);
  } catch (err) {
    if (err instanceof S3Error && err.code === 'EntityTooLarge') throw new S3Error('PolicyTooLarge');
    throw err;
  }
}

function parsed(text: string, bucket: string): BucketPolicy {
  try {
    return parseBucketPolicy(text, bucket);
  } catch (err) {
    if (err instanceof PolicyError) throw new S3Error('MalformedPolicy', err.message);
    throw err;
  }
}

/** S3 refuses a policy naming an account that does not exist. */
async function checkPrincipalsExist(ctx: Context, policy: BucketPolicy): Promise<void> {
  const accounts = new Set(policy.statements.flatMap((s) => [...s.principal.accounts]));
  for (const id of accounts) {
    if ((await ctx.accounts.displayName(id)) === undefined) {
      throw new S3Error('MalformedPolicy', 'Invalid principal in policy');
    }
  }
}
