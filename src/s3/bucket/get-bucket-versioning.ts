import { defineAction } from '../action.js';

/** GetBucketVersioning: no Status until versioning was first enabled, as on AWS. */
export const getBucketVersioning = defineAction({
  name: 'GetBucketVersioning',
  route: { method: 'GET', target: 'bucket', query: 'versioning' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetBucketVersioning' },
  async run(_req, _ctx, { bucket }) {
    const status = bucket.versioning === 'Unversioned' ? {} : { Status: bucket.versioning };
    return { status: 200, xml: { root: 'VersioningConfiguration', value: status } };
  },
});
