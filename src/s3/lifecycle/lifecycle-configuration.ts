import { randomUUID } from 'node:crypto';
import { S3Error } from '../../errors.js';
import type { LifecycleRule } from '../../storage/lifecycle-rules.js';
import { parseRuleFilter } from './lifecycle-filter.js';
import {
  boolean,
  element,
  integer,
  invalidArgument,
  invalidRequest,
  isElement,
  text,
} from './lifecycle-xml.js';

/** S3's limits: 1000 rules, an ID of 255 characters. The body cap is OK-S3's (1000 full rules fit). */
export const MAX_LIFECYCLE_RULES = 1000;
export const MAX_LIFECYCLE_BYTES = 1024 * 1024;
const MAX_ID_LENGTH = 255;

/** The elements that may repeat, for the XML reader. */
export const LIFECYCLE_ARRAY_TAGS = ['Rule', 'Tag'];

const RULE_ELEMENTS = [
  'ID',
  'Prefix',
  'Filter',
  'Status',
  'Expiration',
  'NoncurrentVersionExpiration',
  'AbortIncompleteMultipartUpload',
  'Transition',
  'NoncurrentVersionTransition',
];

/**
 * A PutBucketLifecycleConfiguration body (parsed XML) checked as S3 checks it: what breaks the
 * schema is MalformedXML, bad values InvalidArgument, contradictions InvalidRequest. Transitions
 * are refused: OK-S3 has one storage class, so there is nowhere to move an object to.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
 */
export function parseLifecycleConfiguration(doc: Record<string, unknown>): LifecycleRule[] {
  const config = doc.LifecycleConfiguration;
  if (!isElement(config) || !Array.isArray(config.Rule)) throw new S3Error('MalformedXML');
  const nodes = config.Rule as unknown[];
  if (nodes.length > MAX_LIFECYCLE_RULES) {
    invalidRequest(
      `The number of lifecycle rules should not exceed allowed limit of ${MAX_LIFECYCLE_RULES} rules.`,
    );
  }
  const rules = nodes.map(parseRule);
  const ids = new Set(rules.map((r) => r.id));
  if (ids.size < rules.length)
    invalidArgument('Rule ID must be unique. Found same ID for more than one rule');
  return rules;
}

function parseRule(node: unknown): LifecycleRule {
  const r = element(node, RULE_ELEMENTS);
  const status = r.Status === undefined ? '' : text(r.Status);
  if (status !== 'Enabled' && status !== 'Disabled') throw new S3Error('MalformedXML');
  const id = r.ID === undefined ? randomUUID() : text(r.ID);
  if (id.length > MAX_ID_LENGTH)
    invalidArgument(`ID length should not exceed allowed limit of ${MAX_ID_LENGTH}`);
  if (r.Transition !== undefined || r.NoncurrentVersionTransition !== undefined) {
    invalidRequest(
      'Transition actions are not supported: OK-S3 has a single storage class (STANDARD), so there is no class to transition objects to.',
    );
  }
  const rule: LifecycleRule = { id, enabled: status === 'Enabled', ...parseRuleFilter(r.Filter, r.Prefix) };
  if (r.Expiration !== undefined) rule.expiration = expiration(r.Expiration);
  if (r.NoncurrentVersionExpiration !== undefined) {
    rule.noncurrentExpiration = noncurrentExpiration(r.NoncurrentVersionExpiration);
  }
  if (r.AbortIncompleteMultipartUpload !== undefined) {
    rule.abortIncompleteUploadDays = abortDays(r.AbortIncompleteMultipartUpload);
  }
  checkCombinations(rule);
  return rule;
}

function expiration(node: unknown): NonNullable<LifecycleRule['expiration']> {
  const e = element(node, ['Days', 'Date', 'ExpiredObjectDeleteMarker']);
  // Exactly one of the three: S3 answers MalformedXML to none or several.
  if (Object.keys(e).length !== 1) throw new S3Error('MalformedXML');
  if (e.Days !== undefined) {
    const days = integer(e.Days);
    if (days < 1) invalidArgument("'Days' for Expiration action must be a positive integer");
    return { days };
  }
  if (e.Date !== undefined) return { date: midnight(text(e.Date)) };
  return { expiredObjectDeleteMarker: boolean(e.ExpiredObjectDeleteMarker) };
}

/** An ISO 8601 date at midnight UTC (`2030-01-01T00:00:00.000Z`, or with no time at all). */
function midnight(value: string): number {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed))
    throw new S3Error('MalformedXML');
  const at = Date.parse(/T/.test(trimmed) ? trimmed : `${trimmed}T00:00:00Z`);
  if (Number.isNaN(at)) throw new S3Error('MalformedXML');
  if (at % 86_400_000 !== 0) invalidArgument("'Date' must be at midnight GMT");
  return at;
}

function noncurrentExpiration(node: unknown): NonNullable<LifecycleRule['noncurrentExpiration']> {
  const e = element(node, ['NoncurrentDays', 'NewerNoncurrentVersions']);
  if (e.NoncurrentDays === undefined) throw new S3Error('MalformedXML');
  const noncurrentDays = integer(e.NoncurrentDays);
  if (noncurrentDays < 1) {
    invalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
  }
  if (e.NewerNoncurrentVersions === undefined) return { noncurrentDays };
  const newer = integer(e.NewerNoncurrentVersions);
  if (newer < 1 || newer > 100) {
    invalidArgument(
      "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be between 1 and 100",
    );
  }
  return { noncurrentDays, newerNoncurrentVersions: newer };
}

function abortDays(node: unknown): number {
  const a = element(node, ['DaysAfterInitiation']);
  if (a.DaysAfterInitiation === undefined) throw new S3Error('MalformedXML');
  const days = integer(a.DaysAfterInitiation);
  if (days < 1) {
    invalidArgument(
      "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
    );
  }
  return days;
}

/** What S3 refuses to combine in one rule. */
function checkCombinations(rule: LifecycleRule): void {
  if (!rule.expiration && !rule.noncurrentExpiration && rule.abortIncompleteUploadDays === undefined) {
    invalidRequest('At least one action needs to be specified in a rule');
  }
  const f = rule.filter;
  if (rule.abortIncompleteUploadDays !== undefined) {
    // An upload has no tags or size yet, so such a filter could never select one.
    if (f.tags.length > 0) invalidArgument('AbortIncompleteMultipartUpload cannot be specified with Tags');
    if (f.sizeGreaterThan !== undefined || f.sizeLessThan !== undefined) {
      invalidArgument('AbortIncompleteMultipartUpload cannot be specified with Object Size');
    }
  }
  if (rule.expiration?.expiredObjectDeleteMarker !== undefined && f.tags.length > 0) {
    // A delete marker has no tags.
    invalidRequest('ExpiredObjectDeleteMarker cannot be specified with a tag-based filter');
  }
}
