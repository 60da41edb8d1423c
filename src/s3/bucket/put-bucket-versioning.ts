import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { readRequestXml } from '../rules/request-xml.js';

/**
 * PutBucketVersioning: Unversioned -> Enabled <-> Suspended. A bucket never goes back to
 * Unversioned (S3 has no such state to set); MFA Delete is not supported. A lock bucket's versioning
 * is never suspended (its versions must stay).
 */
export const putBucketVersioning = defineAction({
  name: 'PutBucketVersioning',
  route: { method: 'PUT', target: 'bucket', query: 'versioning' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutBucketVersioning' },
  async run(req, ctx, { bucket }) {
    const doc = await readRequestXml(req, [], 64 * 1024);
    const config = doc.VersioningConfiguration as Record<string, unknown> | undefined;
    if (!config || typeof config !== 'object') throw new S3Error('MalformedXML');
    if (config.MfaDelete === 'Enabled') throw new S3Error('NotImplemented', 'MFA Delete is not supported.');
    const status = config.Status;
    if (status !== 'Enabled' && status !== 'Suspended') {
      throw new S3Error('MalformedXML', 'Status must be Enabled or Suspended.');
    }
    if (status === 'Suspended' && bucket.objectLock) {
      throw new S3Error(
        'InvalidBucketState',
        'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
      );
    }
    await ctx.buckets.setVersioning(bucket.name, status);
    return { status: 200 };
  },
});
