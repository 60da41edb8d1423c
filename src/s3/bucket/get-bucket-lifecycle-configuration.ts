import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { renderLifecycleConfiguration } from '../lifecycle/lifecycle-render.js';

/** GetBucketLifecycleConfiguration: the bucket owner's; the rules as put, or 404 NoSuchLifecycleConfiguration. */
export const getBucketLifecycleConfiguration = defineAction({
  name: 'GetBucketLifecycleConfiguration',
  route: { method: 'GET', target: 'bucket', query: 'lifecycle' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetLifecycleConfiguration' },
  async run(_req, ctx, { bucket }) {
    const rules = await ctx.lifecycle.fresh(bucket);
    if (!rules) throw new S3Error('NoSuchLifecycleConfiguration', undefined, { BucketName: bucket.name });
    return {
      status: 200,
      xml: { root: 'LifecycleConfiguration', value: renderLifecycleConfiguration(rules) },
    };
  },
});
