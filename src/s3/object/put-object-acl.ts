import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { requestedGrants } from '../rules/acl-request.js';
import { versionHeader } from '../rules/version-id.js';

/** PutObjectAcl: replaces the ACL of the current version (or of `?versionId=`). */
export const putObjectAcl = defineAction({
  name: 'PutObjectAcl',
  route: { method: 'PUT', target: 'object', query: 'acl' },
  permission: {
    to: 'object-acp',
    need: 'WRITE_ACP',
    iam: 's3:PutObjectAcl',
    versioned: 's3:PutObjectVersionAcl',
  },
  async run(req, ctx, { bucket, version }) {
    const owner = canonicalOwnerId(bucket.owner);
    const grants = await requestedGrants(req, ctx, owner, { target: 'object', acceptBody: true, bucket });
    if (grants === undefined) {
      throw new S3Error(
        'InvalidRequest',
        'PutObjectAcl needs x-amz-acl, x-amz-grant-* headers or an AccessControlPolicy body.',
      );
    }
    await ctx.objects.setGrants(version, grants);
    return { status: 200, headers: { 'x-amz-version-id': versionHeader(bucket, version) } };
  },
});
