import { S3Error } from '../../errors.js';
import type { Retention } from '../../storage/types.js';
import { defineAction } from '../action.js';
import {
  bypassesGovernance,
  isRetentionMode,
  requireBodyDigest,
  requireLockBucket,
  retainUntil,
} from '../rules/object-lock-request.js';
import { readRequestXml } from '../rules/request-xml.js';
import { versionHeader } from '../rules/version-id.js';

/**
 * PutObjectRetention: sets, extends, shortens or removes (an empty Retention) the retention of the
 * current version or `?versionId=`. Shortening or removing GOVERNANCE needs
 * `x-amz-bypass-governance-retention: true` and `s3:BypassGovernanceRetention`; COMPLIANCE can
 * only be extended, by anyone, root included (the rule is storage/object-lock.ts's).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectRetention.html
 */
export const putObjectRetention = defineAction({
  name: 'PutObjectRetention',
  route: { method: 'PUT', target: 'object', query: 'retention' },
  permission: { to: 'object-owner', iam: 's3:PutObjectRetention', versioned: 's3:PutObjectRetention' },
  async run(req, ctx, { bucket, version }) {
    requireLockBucket(bucket);
    requireBodyDigest(req.headers, 'Missing required header for this request: Content-MD5');
    const doc = await readRequestXml(req, [], 64 * 1024);
    const next = requestedRetention(doc, ctx.clock.now());
    const bypassGovernance = await bypassesGovernance(req, ctx, bucket, version.key);
    await ctx.objectLocks.setRetention(version, next, { bypassGovernance });
    return { status: 200, headers: { 'x-amz-version-id': versionHeader(bucket, version) } };
  },
});

function requestedRetention(doc: Record<string, unknown>, now: Date): Retention | null {
  if (!('Retention' in doc)) throw new S3Error('MalformedXML');
  const raw = doc.Retention;
  if (raw === '' || raw === undefined || raw === null) return null;
  if (typeof raw !== 'object') throw new S3Error('MalformedXML');
  const { Mode: mode, RetainUntilDate: date } = raw as Record<string, unknown>;
  if (mode === undefined && date === undefined) return null;
  if (!isRetentionMode(mode) || typeof date !== 'string') {
    throw new S3Error(
      'MalformedXML',
      'A Retention has a Mode (GOVERNANCE or COMPLIANCE) and a RetainUntilDate.',
    );
  }
  return { mode, until: retainUntil(date, now) };
}
