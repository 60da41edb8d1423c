import { S3Error } from '../errors.js';
import type { DefaultRetention } from '../metadata/bucket-repository.js';
import type { ObjectVersion, Retention } from '../metadata/object-types.js';

/**
 * The rules of Object Lock on one version, in the storage layer so that every path that deletes a
 * version (DeleteObject and DeleteObjects by id, lifecycle, overwrites of null versions) and every
 * change of retention is held to them. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */

export interface LockOverride {
  /**
   * `x-amz-bypass-governance-retention: true` from a caller who holds
   * `s3:BypassGovernanceRetention` (the S3 layer decides both). COMPLIANCE ignores it.
   */
  bypassGovernance?: boolean;
}

/** True while `retention` still protects its version at `now`. */
export function retains(retention: Retention | undefined, now: Date): retention is Retention {
  return retention !== undefined && retention.until.getTime() > now.getTime();
}

/**
 * Refuses (403 AccessDenied, as S3 answers) to delete a version under legal hold, under
 * COMPLIANCE retention (nobody, root included), or under GOVERNANCE retention without a bypass.
 */
export function checkDeletable(version: ObjectVersion, now: Date, override: LockOverride = {}): void {
  if (version.legalHold) {
    throw new S3Error('AccessDenied', 'The object version is under legal hold and cannot be deleted.');
  }
  const { retention } = version;
  if (!retains(retention, now)) return;
  if (retention.mode === 'GOVERNANCE' && override.bypassGovernance) return;
  throw new S3Error(
    'AccessDenied',
    `The object version is retained in ${retention.mode} mode until ${retention.until.toISOString()}.`,
  );
}

/**
 * PutObjectRetention's rule: a retention in force may be extended, and GOVERNANCE may become
 * COMPLIANCE; shortening or removing it, or weakening COMPLIANCE to GOVERNANCE, needs the
 * GOVERNANCE bypass, and is refused under COMPLIANCE to everyone.
 */
export function checkRetentionChange(
  version: ObjectVersion,
  next: Retention | null,
  now: Date,
  override: LockOverride = {},
): void {
  const current = version.retention;
  if (!retains(current, now)) return;
  const keeps =
    next !== null &&
    next.until.getTime() >= current.until.getTime() &&
    (current.mode === 'GOVERNANCE' || next.mode === 'COMPLIANCE');
  if (keeps) return;
  if (current.mode === 'GOVERNANCE' && override.bypassGovernance) return;
  throw new S3Error(
    'AccessDenied',
    `The retention in ${current.mode} mode until ${current.until.toISOString()} cannot be shortened.`,
  );
}

/** The retention a bucket's default rule gives a version written at `now`. */
export function defaultRetentionFrom(rule: DefaultRetention, now: Date): Retention {
  const until = new Date(now.getTime());
  if (rule.years !== undefined) until.setUTCFullYear(until.getUTCFullYear() + rule.years);
  else until.setUTCDate(until.getUTCDate() + (rule.days ?? 0));
  return { mode: rule.mode, until };
}
