import { defineAction } from '../action.js';
import { writeObjectTags } from '../rules/object-tags.js';
import { readRequestXml } from '../rules/request-xml.js';
import { MAX_TAGGING_BYTES, parseTaggingDocument, TAGGING_ARRAY_TAGS } from '../rules/tag-set.js';
import { versionHeader } from '../rules/version-id.js';

/**
 * PutObjectTagging: replaces the tags of the current version (or of `?versionId=`); an empty
 * TagSet removes them. The body is checked as S3 checks it (rules/tag-set.ts) before anything is
 * stored. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
 */
export const putObjectTagging = defineAction({
  name: 'PutObjectTagging',
  route: { method: 'PUT', target: 'object', query: 'tagging' },
  permission: { to: 'object-owner', iam: 's3:PutObjectTagging', versioned: 's3:PutObjectVersionTagging' },
  async run(req, ctx, { bucket, version }) {
    const doc = await readRequestXml(req, TAGGING_ARRAY_TAGS, MAX_TAGGING_BYTES);
    await writeObjectTags(ctx, bucket, version, parseTaggingDocument(doc, 'object'));
    return { status: 200, headers: { 'x-amz-version-id': versionHeader(bucket, version) } };
  },
});
