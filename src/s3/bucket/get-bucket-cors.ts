import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { renderCorsConfiguration } from '../cors/cors-configuration.js';

/** GetBucketCors: the bucket owner's; the rules as put, or 404 NoSuchCORSConfiguration. */
export const getBucketCors = defineAction({
  name: 'GetBucketCors',
  route: { method: 'GET', target: 'bucket', query: 'cors' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketCORS' },
  async run(_req, ctx, { bucket }) {
    const rules = await ctx.cors.get(bucket);
    if (!rules) throw new S3Error('NoSuchCORSConfiguration', undefined, { BucketName: bucket.name });
    return { status: 200, xml: { root: 'CORSConfiguration', value: renderCorsConfiguration(rules) } };
  },
});
