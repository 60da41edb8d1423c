import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { CannedAcl } from '../../storage/types.js';
import { defineAction } from '../action.js';
import { requestedGrants } from '../rules/acl-request.js';
import { BUCKET_CANNED } from '../rules/canned-acl.js';

/**
 * PutBucketAcl: the bucket owner, or anyone granted WRITE_ACP. The grants replace the whole ACL;
 * a canned ACL is also recorded in `buckets.acl`, which stays what the table shows at a glance.
 */
export const putBucketAcl = defineAction({
  name: 'PutBucketAcl',
  route: { method: 'PUT', target: 'bucket', query: 'acl' },
  permission: { to: 'bucket', need: 'write-acp', iam: 's3:PutBucketAcl' },
  async run(req, ctx, { bucket }) {
    const owner = canonicalOwnerId(bucket.owner);
    const grants = await requestedGrants(req, ctx, owner, { target: 'bucket', acceptBody: true, bucket });
    if (grants === undefined) {
      throw new S3Error(
        'InvalidRequest',
        'PutBucketAcl needs x-amz-acl, x-amz-grant-* headers or an AccessControlPolicy body.',
      );
    }
    const canned = String(req.headers['x-amz-acl'] ?? '');
    const named = (BUCKET_CANNED as readonly string[]).includes(canned) ? (canned as CannedAcl) : undefined;
    await ctx.buckets.setGrants(bucket, named, grants);
    return { status: 200 };
  },
});
