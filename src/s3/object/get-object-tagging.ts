import { defineAction } from '../action.js';
import { renderTagging } from '../rules/tag-set.js';
import { versionHeader } from '../rules/version-id.js';

/**
 * GetObjectTagging (`GET /{bucket}/{key}?tagging`, `versionId` too): the version's tags in key
 * order; a version without tags answers an empty TagSet, not an error. No ACL grants it: the bucket
 * owner, or whoever the policy allows `s3:GetObjectTagging` (`s3:GetObjectVersionTagging`).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html
 */
export const getObjectTagging = defineAction({
  name: 'GetObjectTagging',
  route: { method: 'GET', target: 'object', query: 'tagging' },
  permission: { to: 'object-owner', iam: 's3:GetObjectTagging', versioned: 's3:GetObjectVersionTagging' },
  async run(_req, ctx, { bucket, version }) {
    const tags = await ctx.objects.tags(version);
    return {
      status: 200,
      headers: { 'x-amz-version-id': versionHeader(bucket, version) },
      xml: { root: 'Tagging', value: renderTagging(tags) },
    };
  },
});
