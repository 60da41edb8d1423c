import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';
import type { IamAction } from '../../policy/iam-actions.js';
import { defaultRetentionFrom } from '../../storage/object-lock.js';
import type { Bucket, ObjectVersion, RetentionMode, VersionLock } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { isBucketOwner } from './bucket-owner.js';
import { policyVerdict } from './policy-verdict.js';

/**
 * Object Lock as a write asks for it (x-amz-object-lock-mode, -retain-until-date, -legal-hold on
 * PutObject, CopyObject, CreateMultipartUpload; the same names as PostObject form fields) and as a
 * read shows it. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
 */

type Source = IncomingHttpHeaders | Readonly<Record<string, string | undefined>>;

const MODES: readonly RetentionMode[] = ['GOVERNANCE', 'COMPLIANCE'];
/** ISO 8601 date-time with a zone, as S3 and the SDKs write it (2026-12-03T12:00:00.000Z). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isRetentionMode(value: unknown): value is RetentionMode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

function field(source: Source, name: string): string | undefined {
  const value = source[name];
  return value === undefined ? undefined : String(value).trim();
}

/** A retain-until date: ISO 8601 and in the future, else S3's InvalidArgument. */
export function retainUntil(text: string, now: Date): Date {
  const until = ISO_DATE_TIME.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(until.getTime())) {
    throw new S3Error('InvalidArgument', 'The retain until date must be an ISO 8601 date-time.', {
      ArgumentName: 'x-amz-object-lock-retain-until-date',
    });
  }
  if (until.getTime() <= now.getTime()) {
    throw new S3Error('InvalidArgument', 'The retain until date must be in the future!', {
      ArgumentName: 'x-amz-object-lock-retain-until-date',
    });
  }
  return until;
}

/** The lock the request itself names (no default applied), checked as S3 checks it. */
export function requestedLock(source: Source, bucket: Bucket, now: Date): VersionLock {
  const mode = field(source, 'x-amz-object-lock-mode');
  const date = field(source, 'x-amz-object-lock-retain-until-date');
  const hold = field(source, 'x-amz-object-lock-legal-hold');
  if (mode === undefined && date === undefined && hold === undefined) return {};
  requireLockBucket(bucket);
  if ((mode === undefined) !== (date === undefined)) {
    throw new S3Error(
      'InvalidArgument',
      'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
    );
  }
  if (mode !== undefined && !isRetentionMode(mode)) {
    throw new S3Error('InvalidArgument', 'Unknown wormMode directive.', {
      ArgumentName: 'x-amz-object-lock-mode',
    });
  }
  if (hold !== undefined && hold !== 'ON' && hold !== 'OFF') {
    throw new S3Error('InvalidArgument', 'Legal Hold must be either of ON or OFF', {
      ArgumentName: 'x-amz-object-lock-legal-hold',
    });
  }
  return {
    ...(mode !== undefined && date !== undefined
      ? { retention: { mode, until: retainUntil(date, now) } }
      : {}),
    ...(hold !== undefined ? { legalHold: hold === 'ON' } : {}),
  };
}

/**
 * The lock a new version gets: what the request names (which needs `s3:PutObjectRetention` /
 * `s3:PutObjectLegalHold`, as on S3), else the bucket's default retention from `now`.
 */
/** InvalidRequest on a bucket created without Object Lock (retention and legal hold calls). */
export function requireLockBucket(bucket: Bucket): void {
  if (!bucket.objectLock) throw new S3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
}

export async function lockForNewVersion(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  key: string,
  source: Source = req.headers,
): Promise<VersionLock> {
  const now = ctx.clock.now();
  const asked = requestedLock(source, bucket, now);
  await authorizeRequestedLock(req, ctx, bucket, key, asked);
  const rule = bucket.objectLock?.defaultRetention;
  if (asked.retention || !rule) return asked;
  return { ...asked, retention: defaultRetentionFrom(rule, now) };
}

/** A write that names a retention needs `s3:PutObjectRetention`, one that names a hold `s3:PutObjectLegalHold`. */
export async function authorizeRequestedLock(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  key: string,
  asked: VersionLock,
): Promise<void> {
  if (asked.retention) await authorizeLockAction(req, ctx, bucket, key, 's3:PutObjectRetention');
  if (asked.legalHold !== undefined)
    await authorizeLockAction(req, ctx, bucket, key, 's3:PutObjectLegalHold');
}

/** Whether the caller holds `action`: the bucket owner unless a policy denies it, others by an Allow. */
export async function holdsPermission(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  key: string,
  action: IamAction,
): Promise<boolean> {
  const verdict = await policyVerdict(req, ctx, bucket, { action, key });
  if (verdict === 'Deny') return false;
  return verdict === 'Allow' || isBucketOwner(bucket, req.auth.principal);
}

async function authorizeLockAction(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  key: string,
  action: IamAction,
) {
  if (!(await holdsPermission(req, ctx, bucket, key, action))) throw new S3Error('AccessDenied');
}

/**
 * `x-amz-bypass-governance-retention: true` from a caller holding `s3:BypassGovernanceRetention`.
 * Without the permission the header counts for nothing, so a GOVERNANCE lock refuses (403).
 */
export async function bypassesGovernance(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  key: string,
): Promise<boolean> {
  const header = req.headers['x-amz-bypass-governance-retention'];
  if (String(header ?? '').toLowerCase() !== 'true') return false;
  return holdsPermission(req, ctx, bucket, key, 's3:BypassGovernanceRetention');
}

/**
 * S3 wants a body digest on a PutObject that locks its version (named or by default):
 * Content-MD5 or an x-amz-checksum-* (header, or trailer announced by x-amz-trailer).
 */
export function requireLockDigest(headers: IncomingHttpHeaders, lock: VersionLock): void {
  if (!lock.retention && !lock.legalHold) return;
  requireBodyDigest(
    headers,
    'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
  );
}

/** InvalidRequest unless the body comes with Content-MD5 or an x-amz-checksum-* (verified when read). */
export function requireBodyDigest(headers: IncomingHttpHeaders, message: string): void {
  const names = Object.keys(headers);
  const digest =
    headers['content-md5'] !== undefined ||
    names.some((n) => n.startsWith('x-amz-checksum-') && n !== 'x-amz-checksum-type') ||
    String(headers['x-amz-trailer'] ?? '').startsWith('x-amz-checksum-');
  if (!digest) throw new S3Error('InvalidRequest', message);
}

/**
 * The lock of a version on its GET and HEAD answers, as S3 shows it: the retention to callers
 * holding `s3:GetObjectRetention`, the legal hold to those holding `s3:GetObjectLegalHold`.
 */
export async function lockResponseHeaders(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  version: ObjectVersion,
): Promise<Record<string, string>> {
  if (!version.retention && version.legalHold === undefined) return {};
  const [retention, hold] = await Promise.all([
    version.retention ? holdsPermission(req, ctx, bucket, version.key, 's3:GetObjectRetention') : false,
    version.legalHold !== undefined
      ? holdsPermission(req, ctx, bucket, version.key, 's3:GetObjectLegalHold')
      : false,
  ]);
  return lockHeaders({
    ...(retention ? { retention: version.retention } : {}),
    ...(hold ? { legalHold: version.legalHold } : {}),
  });
}

function lockHeaders(version: VersionLock): Record<string, string> {
  return {
    ...(version.retention
      ? {
          'x-amz-object-lock-mode': version.retention.mode,
          'x-amz-object-lock-retain-until-date': version.retention.until.toISOString(),
        }
      : {}),
    ...(version.legalHold !== undefined
      ? { 'x-amz-object-lock-legal-hold': version.legalHold ? 'ON' : 'OFF' }
      : {}),
  };
}
