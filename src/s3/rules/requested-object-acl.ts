import { canonicalOwnerId } from '../../accounts/root-account.js';
import type { Bucket, ObjectVersion } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { requestedGrants } from './acl-request.js';

/**
 * The ACL a write (PutObject, CopyObject) asks for with x-amz-acl or x-amz-grant-*, checked before
 * the body is read; `store` records it for the committed version (none asked = private).
 */
export async function requestedObjectAcl(req: S3Request, ctx: Context, bucket: Bucket) {
  const grants = await requestedGrants(req, ctx, canonicalOwnerId(bucket.owner), {
    target: 'object',
    acceptBody: false,
    bucket,
  });
  return {
    store: async (version: ObjectVersion): Promise<void> => {
      if (grants) await ctx.objects.setGrants(version, grants);
    },
  };
}
