import type { LifecycleFilter, LifecycleRule } from '../../storage/lifecycle-rules.js';

/** GetBucketLifecycleConfiguration: the rules as they were put, elements in S3's order. */
export function renderLifecycleConfiguration(rules: readonly LifecycleRule[]): Record<string, unknown> {
  return { Rule: rules.map(renderRule) };
}

function renderRule(r: LifecycleRule): Record<string, unknown> {
  return {
    ID: r.id,
    ...(r.form === 'legacy-prefix' ? { Prefix: r.filter.prefix ?? '' } : { Filter: renderFilter(r) }),
    Status: r.enabled ? 'Enabled' : 'Disabled',
    ...(r.expiration ? { Expiration: renderExpiration(r.expiration) } : {}),
    ...(r.noncurrentExpiration
      ? {
          NoncurrentVersionExpiration: {
            NoncurrentDays: r.noncurrentExpiration.noncurrentDays,
            ...optional('NewerNoncurrentVersions', r.noncurrentExpiration.newerNoncurrentVersions),
          },
        }
      : {}),
    ...(r.abortIncompleteUploadDays !== undefined
      ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortIncompleteUploadDays } }
      : {}),
  };
}

function renderFilter(r: LifecycleRule): Record<string, unknown> {
  const predicates = renderPredicates(r.filter);
  return r.form === 'and' ? { And: predicates } : predicates;
}

function renderPredicates(f: LifecycleFilter): Record<string, unknown> {
  return {
    ...optional('Prefix', f.prefix),
    ...(f.tags.length > 0 ? { Tag: f.tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
    ...optional('ObjectSizeGreaterThan', f.sizeGreaterThan),
    ...optional('ObjectSizeLessThan', f.sizeLessThan),
  };
}

function renderExpiration(e: NonNullable<LifecycleRule['expiration']>): Record<string, unknown> {
  if (e.days !== undefined) return { Days: e.days };
  if (e.date !== undefined) return { Date: new Date(e.date).toISOString() };
  return { ExpiredObjectDeleteMarker: String(e.expiredObjectDeleteMarker) };
}

function optional(name: string, value: string | number | undefined): Record<string, unknown> {
  return value === undefined ? {} : { [name]: value };
}
