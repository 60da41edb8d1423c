import { defineAction } from '../action.js';
import { CORS_ARRAY_TAGS, MAX_CORS_BYTES, parseCorsConfiguration } from '../cors/cors-configuration.js';
import { readRequestXml } from '../rules/request-xml.js';

/**
 * PutBucketCors: the bucket owner's (a policy may grant `s3:PutBucketCORS`). The rules replace
 * any the bucket had and apply to the next preflight.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
 */
export const putBucketCors = defineAction({
  name: 'PutBucketCors',
  route: { method: 'PUT', target: 'bucket', query: 'cors' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketCORS' },
  async run(req, ctx, { bucket }) {
    const doc = await readRequestXml(req, CORS_ARRAY_TAGS, MAX_CORS_BYTES);
    await ctx.cors.put(bucket, parseCorsConfiguration(doc));
    return { status: 200 };
  },
});
