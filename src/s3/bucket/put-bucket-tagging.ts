import { defineAction } from '../action.js';
import { readRequestXml } from '../rules/request-xml.js';
import { MAX_TAGGING_BYTES, parseTaggingDocument, TAGGING_ARRAY_TAGS } from '../rules/tag-set.js';

/**
 * PutBucketTagging: the bucket owner's (a policy may grant `s3:PutBucketTagging`). The tags replace
 * any the bucket had; at most 50. An empty TagSet leaves the bucket without tags.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
 */
export const putBucketTagging = defineAction({
  name: 'PutBucketTagging',
  route: { method: 'PUT', target: 'bucket', query: 'tagging' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketTagging' },
  async run(req, ctx, { bucket }) {
    const doc = await readRequestXml(req, TAGGING_ARRAY_TAGS, MAX_TAGGING_BYTES);
    await ctx.bucketTags.put(bucket, parseTaggingDocument(doc, 'bucket'));
    return { status: 204 };
  },
});
