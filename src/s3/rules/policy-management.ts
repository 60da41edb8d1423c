import { S3Error } from '../../errors.js';
import type { IamAction } from '../../policy/iam-actions.js';
import type { Bucket } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { isBucketOwner, loadBucket } from './access.js';
import { policyVerdict } from './policy-verdict.js';

/**
 * Get/Put/DeleteBucketPolicy: the bucket owner (and root) always, even when the policy denies it
 * ("to ensure that bucket owners don't inadvertently lock themselves out of their own buckets",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html); nobody else, even
 * when the policy allows it: S3 answers 405 to a caller of another account that holds the
 * permission, 403 to one that does not.
 */
export async function authorizePolicyManagement(
  req: S3Request,
  ctx: Context,
  action: IamAction,
): Promise<Bucket> {
  const bucket = await loadBucket(req, ctx, req.target.bucket);
  if (isBucketOwner(bucket, req.auth.principal)) return bucket;
  const verdict = await policyVerdict(req, ctx, bucket, { action });
  throw new S3Error(verdict === 'Allow' ? 'MethodNotAllowed' : 'AccessDenied');
}
