import { S3Error } from '../../errors.js';
import type { Bucket, Tag } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { isBucketOwner } from './access.js';
import { policyVerdict } from './policy-verdict.js';

/**
 * A write that tags the object it creates (x-amz-tagging on PutObject, CopyObject,
 * CreateMultipartUpload) also needs `s3:PutObjectTagging`, as on S3: the bucket owner has it unless
 * the policy denies it; anyone else needs the policy to allow it (no ACL grants tagging).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html
 */
export async function authorizeRequestedTags(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  key: string,
  tags: readonly Tag[],
): Promise<void> {
  if (tags.length === 0) return;
  const verdict = await policyVerdict(req, ctx, bucket, { action: 's3:PutObjectTagging', key });
  if (verdict === 'Deny') throw new S3Error('AccessDenied');
  if (verdict !== 'Allow' && !isBucketOwner(bucket, req.auth.principal)) throw new S3Error('AccessDenied');
}
