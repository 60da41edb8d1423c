import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { requireLockBucket } from '../rules/object-lock-request.js';

/** GetObjectLegalHold; a version whose hold was never set has none (NoSuchObjectLockConfiguration). */
export const getObjectLegalHold = defineAction({
  name: 'GetObjectLegalHold',
  route: { method: 'GET', target: 'object', query: 'legal-hold' },
  permission: { to: 'object-owner', iam: 's3:GetObjectLegalHold', versioned: 's3:GetObjectLegalHold' },
  async run(_req, _ctx, { bucket, version }) {
    requireLockBucket(bucket);
    if (version.legalHold === undefined) throw new S3Error('NoSuchObjectLockConfiguration');
    return { status: 200, xml: { root: 'LegalHold', value: { Status: version.legalHold ? 'ON' : 'OFF' } } };
  },
});
