import { defineAction } from '../action.js';
import {
  LIFECYCLE_ARRAY_TAGS,
  MAX_LIFECYCLE_BYTES,
  parseLifecycleConfiguration,
} from '../lifecycle/lifecycle-configuration.js';
import { readRequestXml } from '../rules/request-xml.js';

/**
 * PutBucketLifecycleConfiguration: the bucket owner's (a policy may grant
 * `s3:PutLifecycleConfiguration`). The rules replace any the bucket had; the executor applies them
 * from its next pass (storage/background/lifecycle-executor.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
 */
export const putBucketLifecycleConfiguration = defineAction({
  name: 'PutBucketLifecycleConfiguration',
  route: { method: 'PUT', target: 'bucket', query: 'lifecycle' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutLifecycleConfiguration' },
  async run(req, ctx, { bucket }) {
    const doc = await readRequestXml(req, LIFECYCLE_ARRAY_TAGS, MAX_LIFECYCLE_BYTES);
    await ctx.lifecycle.put(bucket, parseLifecycleConfiguration(doc));
    return { status: 200 };
  },
});
