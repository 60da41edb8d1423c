import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { requireLockBucket } from '../rules/object-lock-request.js';

/** GetObjectRetention of the current version or `?versionId=`; none is NoSuchObjectLockConfiguration. */
export const getObjectRetention = defineAction({
  name: 'GetObjectRetention',
  route: { method: 'GET', target: 'object', query: 'retention' },
  permission: { to: 'object-owner', iam: 's3:GetObjectRetention', versioned: 's3:GetObjectRetention' },
  async run(_req, _ctx, { bucket, version }) {
    requireLockBucket(bucket);
    if (!version.retention) throw new S3Error('NoSuchObjectLockConfiguration');
    return {
      status: 200,
      xml: {
        root: 'Retention',
        value: { Mode: version.retention.mode, RetainUntilDate: version.retention.until.toISOString() },
      },
    };
  },
});
