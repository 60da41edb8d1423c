import { defineAction } from '../action.js';
import { aclPolicy } from '../rules/acl-policy.js';
import { versionHeader } from '../rules/version-id.js';

/**
 * GetObjectAcl (`GET /{bucket}/{key}?acl`, `versionId` too). The bucket owner owns every object in
 * the bucket (S3's "bucket owner preferred" ownership); an object without an explicit ACL is
 * private. An ACL belongs to one version: overwriting the key resets it, as on S3.
 */
export const getObjectAcl = defineAction({
  name: 'GetObjectAcl',
  route: { method: 'GET', target: 'object', query: 'acl' },
  permission: {
    to: 'object-acp',
    need: 'READ_ACP',
    iam: 's3:GetObjectAcl',
    versioned: 's3:GetObjectVersionAcl',
  },
  async run(_req, ctx, { bucket, version, grants }) {
    const owner = await ctx.accounts.owner(bucket.owner);
    return {
      status: 200,
      headers: { 'x-amz-version-id': versionHeader(bucket, version) },
      xml: { root: 'AccessControlPolicy', value: await aclPolicy(ctx, owner, grants) },
    };
  },
});
