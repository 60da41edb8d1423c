import { defineAction } from '../action.js';

/** us-east-1 is reported as an empty LocationConstraint, as AWS does. */
export const getBucketLocation = defineAction({
  name: 'GetBucketLocation',
  route: { method: 'GET', target: 'bucket', query: 'location' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketLocation' },
  async run(_req, _ctx, { bucket }) {
    const region = bucket.region === 'us-east-1' ? '' : bucket.region;
    return { status: 200, xml: { root: 'LocationConstraint', value: { '#text': region } } };
  },
});
