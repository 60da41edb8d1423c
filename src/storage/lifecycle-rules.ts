import type { Tag } from '../metadata/tag-repository.js';

/**
 * One rule of a bucket's lifecycle configuration, as PutBucketLifecycleConfiguration checked it
 * (s3/lifecycle/). Days count lifecycle days (`OKS3_LIFECYCLE_DAY_SECONDS`, one real day unless
 * tests shorten it). https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html
 */
export interface LifecycleRule {
  id: string;
  enabled: boolean;
  /** How the filter was written, so GetBucketLifecycleConfiguration answers it as put. */
  form: 'legacy-prefix' | 'filter' | 'and';
  filter: LifecycleFilter;
  expiration?: { days?: number; date?: number; expiredObjectDeleteMarker?: boolean };
  noncurrentExpiration?: { noncurrentDays: number; newerNoncurrentVersions?: number };
  abortIncompleteUploadDays?: number;
}

/** Every condition must hold (S3's `And`); an empty filter matches every key. */
export interface LifecycleFilter {
  prefix?: string;
  tags: Tag[];
  sizeGreaterThan?: number;
  sizeLessThan?: number;
}

/** What a filter is tested against: a version (its tags and size) or an upload (key only). */
export interface LifecycleSubject {
  key: string;
  size: number;
  tags: readonly Tag[];
}

/** Whether the rule's filter selects this subject (key prefix, every tag, size bounds, all at once). */
export function ruleMatches(rule: LifecycleRule, subject: LifecycleSubject): boolean {
  const f = rule.filter;
  if (f.prefix !== undefined && !subject.key.startsWith(f.prefix)) return false;
  if (f.sizeGreaterThan !== undefined && !(subject.size > f.sizeGreaterThan)) return false;
  if (f.sizeLessThan !== undefined && !(subject.size < f.sizeLessThan)) return false;
  return f.tags.every((t) => subject.tags.some((s) => s.key === t.key && s.value === t.value));
}

/** Whether any of the rules' filters names tags: only then does matching need a version's tags. */
export function rulesUseTags(rules: readonly LifecycleRule[]): boolean {
  return rules.some((r) => r.filter.tags.length > 0);
}

/**
 * `start` plus `days` lifecycle days, rounded up to the next lifecycle midnight. S3 adds the days
 * to the creation time and rounds to the next midnight UTC; a shortened day of N seconds rounds
 * to the next multiple of N seconds since the epoch, so with N = 86400 it is exactly S3's rule.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
 */
export function lifecycleDeadline(start: Date, days: number, daySeconds: number): Date {
  const dayMs = daySeconds * 1000;
  return new Date(Math.ceil((start.getTime() + days * dayMs) / dayMs) * dayMs);
}

/** When a current version expires by a rule's Expiration Days or Date; undefined: never. */
export function currentExpiry(rule: LifecycleRule, created: Date, daySeconds: number): Date | undefined {
  const e = rule.expiration;
  if (e?.days !== undefined) return lifecycleDeadline(created, e.days, daySeconds);
  if (e?.date !== undefined) return new Date(e.date);
  return undefined;
}

/**
 * The earliest Expiration (Days or Date) among the enabled rules matching a current version, for
 * `x-amz-expiration`, and for the executor to decide the version is due.
 */
export function earliestExpiry(
  rules: readonly LifecycleRule[],
  subject: LifecycleSubject,
  created: Date,
  daySeconds: number,
): { at: Date; ruleId: string } | undefined {
  let best: { at: Date; ruleId: string } | undefined;
  for (const rule of rules) {
    if (!rule.enabled || !ruleMatches(rule, subject)) continue;
    const at = currentExpiry(rule, created, daySeconds);
    if (at && (!best || at.getTime() < best.at.getTime())) best = { at, ruleId: rule.id };
  }
  return best;
}
