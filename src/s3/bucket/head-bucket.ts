import { defineAction } from '../action.js';

export const headBucket = defineAction({
  name: 'HeadBucket',
  route: { method: 'HEAD', target: 'bucket' },
  permission: { to: 'bucket', need: 'read', iam: 's3:ListBucket' },
  async run(_req, _ctx, { bucket }) {
    return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
  },
});
