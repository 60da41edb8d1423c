import { defineAction } from '../action.js';
import { writeObjectTags } from '../rules/object-tags.js';
import { versionHeader } from '../rules/version-id.js';

/** DeleteObjectTagging: removes the version's whole tag set; 204 whether or not it had one. */
export const deleteObjectTagging = defineAction({
  name: 'DeleteObjectTagging',
  route: { method: 'DELETE', target: 'object', query: 'tagging' },
  permission: {
    to: 'object-owner',
    iam: 's3:DeleteObjectTagging',
    versioned: 's3:DeleteObjectVersionTagging',
  },
  async run(_req, ctx, { bucket, version }) {
    await writeObjectTags(ctx, bucket, version, []);
    return { status: 204, headers: { 'x-amz-version-id': versionHeader(bucket, version) } };
  },
});
