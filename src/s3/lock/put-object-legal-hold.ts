import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { requireBodyDigest, requireLockBucket } from '../rules/object-lock-request.js';
import { readRequestXml } from '../rules/request-xml.js';
import { versionHeader } from '../rules/version-id.js';

/**
 * PutObjectLegalHold: ON or OFF on the current version or `?versionId=`. A hold has no date and no
 * mode: while ON nobody deletes the version, whatever its retention.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLegalHold.html
 */
export const putObjectLegalHold = defineAction({
  name: 'PutObjectLegalHold',
  route: { method: 'PUT', target: 'object', query: 'legal-hold' },
  permission: { to: 'object-owner', iam: 's3:PutObjectLegalHold', versioned: 's3:PutObjectLegalHold' },
  async run(req, ctx, { bucket, version }) {
    requireLockBucket(bucket);
    requireBodyDigest(req.headers, 'Missing required header for this request: Content-MD5');
    const doc = await readRequestXml(req, [], 64 * 1024);
    const status = (doc.LegalHold as Record<string, unknown> | undefined)?.Status;
    if (status !== 'ON' && status !== 'OFF') throw new S3Error('MalformedXML', 'Status must be ON or OFF.');
    await ctx.objectLocks.setLegalHold(version, status === 'ON');
    return { status: 200, headers: { 'x-amz-version-id': versionHeader(bucket, version) } };
  },
});
