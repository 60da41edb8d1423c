import { S3Error } from '../../errors.js';

/**
 * The policy of a browser form upload (POST Object): base64 JSON with an `expiration` and the
 * `conditions` the form must meet. Pure: no clock, no I/O.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */

export type PolicyCondition =
  | { kind: 'eq' | 'starts-with'; field: string; value: string; text: string }
  | { kind: 'content-length-range'; min: number; max: number };

export interface PostPolicy {
  expiration: Date;
  conditions: PolicyCondition[];
}

export interface ContentLengthRange {
  min: number;
  max: number;
}

/** Form fields a policy never has to mention (the signature cannot sign itself). */
const EXEMPT_FIELDS = new Set(['file', 'policy', 'x-amz-signature', 'awsaccesskeyid', 'signature']);

export function parsePostPolicy(base64: string): PostPolicy {
  const doc = parseJson(Buffer.from(base64, 'base64').toString('utf8'));
  if (typeof doc.expiration !== 'string') invalid('Policy missing expiration.');
  const expiration = new Date(doc.expiration);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(doc.expiration) || Number.isNaN(expiration.getTime())) {
    invalid(`Invalid Policy: Invalid 'expiration' value: '${doc.expiration}'`);
  }
  if (!Array.isArray(doc.conditions)) invalid('Policy missing conditions.');
  return { expiration, conditions: doc.conditions.flatMap(parseCondition) };
}

export function checkNotExpired(policy: PostPolicy, now: Date): void {
  if (policy.expiration.getTime() <= now.getTime()) denied('Policy expired.');
}

/**
 * Checks every condition against `values` (field -> value, lower-case names, with the bucket of
 * the URL and the key after `${filename}`), and that every submitted field is covered by one.
 * Returns the allowed size of the file, if the policy limits it.
 */
export function checkConditions(
  policy: PostPolicy,
  values: ReadonlyMap<string, string>,
  submitted: Iterable<string>,
): ContentLengthRange | undefined {
  let range: ContentLengthRange | undefined;
  const covered = new Set<string>();
  for (const c of policy.conditions) {
    if (c.kind === 'content-length-range') {
      range = { min: Math.max(range?.min ?? 0, c.min), max: Math.min(range?.max ?? c.max, c.max) };
      continue;
    }
    covered.add(c.field);
    const actual = values.get(c.field);
    const holds = actual !== undefined && (c.kind === 'eq' ? actual === c.value : actual.startsWith(c.value));
    if (!holds) denied(`Policy Condition failed: ${c.text}`);
  }
  const extra = [...submitted].filter(
    (name) => !EXEMPT_FIELDS.has(name) && !name.startsWith('x-ignore-') && !covered.has(name),
  );
  if (extra.length > 0) denied(`Extra input fields: ${extra.join(', ')}`);
  return range;
}

function parseCondition(raw: unknown): PolicyCondition[] {
  if (Array.isArray(raw)) return [parseArrayCondition(raw)];
  if (raw === null || typeof raw !== 'object') invalid('Invalid Policy: Invalid Simple-Condition.');
  const entries = Object.entries(raw);
  if (entries.length !== 1) invalid('Invalid Policy: Invalid Simple-Condition: one key per condition.');
  return entries.map(([name, value]) => ({
    kind: 'eq',
    field: name.toLowerCase(),
    value: conditionValue(value),
    text: JSON.stringify({ [name]: value }),
  }));
}

function parseArrayCondition(raw: unknown[]): PolicyCondition {
  const [op, a, b] = raw;
  const text = JSON.stringify(raw);
  if (raw.length !== 3) invalid(`Invalid Policy: Invalid condition ${text}: expecting 3 elements.`);
  if (op === 'content-length-range') {
    if (!isSize(a) || !isSize(b) || a > b) invalid(`Invalid Policy: Invalid content-length-range ${text}.`);
    return { kind: op, min: a, max: b };
  }
  // Operators are case-sensitive (ceph/s3-tests test_post_object_condition_is_case_sensitive).
  if (op !== 'eq' && op !== 'starts-with') invalid(`Invalid Policy: Unknown condition ${text}.`);
  if (typeof a !== 'string' || !a.startsWith('$')) invalid(`Invalid Policy: Invalid field in ${text}.`);
  return { kind: op, field: a.slice(1).toLowerCase(), value: conditionValue(b), text };
}

function conditionValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return invalid('Invalid Policy: condition values must be strings.');
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseJson(text: string): { expiration?: unknown; conditions?: unknown } {
  try {
    const doc: unknown = JSON.parse(text);
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) return doc;
  } catch {
    // reported below
  }
  return invalid('Invalid Policy: Invalid JSON.');
}

function invalid(message: string): never {
  throw new S3Error('InvalidPolicyDocument', message);
}

function denied(reason: string): never {
  throw new S3Error('AccessDenied', `Invalid according to Policy: ${reason}`);
}
