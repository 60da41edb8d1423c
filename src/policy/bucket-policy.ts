import { type Condition, parseConditionBlock } from './condition.js';
import { IAM_ACTIONS, type IamAction, iamAction, resourceKind } from './iam-actions.js';
import { PolicyError } from './policy-error.js';
import { matchesTemplate, NO_KEYS, type PolicyTemplate, parseTemplate } from './policy-template.js';
import { type PrincipalSet, parsePrincipal } from './principal.js';

/**
 * A bucket policy, parsed and checked as S3 checks it at PutBucketPolicy; any problem is a
 * PolicyError whose message is the reason (S3's own wording where we know it).
 *
 * Written here rather than taken from a library: the maintained IAM evaluators on npm
 * (@cloud-copilot/iam-simulate and its family) simulate AWS's whole model (12-digit accounts,
 * IAM users, roles, SCPs) on a multi-megabyte data package and report their own validation
 * errors; OK-S3 needs one resource policy evaluated on every request against 64-hex accounts and
 * anonymous callers, and S3's MalformedPolicy reasons.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
export interface BucketPolicy {
  version: '2012-10-17' | '2008-10-17';
  statements: readonly Statement[];
}

export interface Statement {
  sid: string | undefined;
  effect: 'Allow' | 'Deny';
  /** Principal, or NotPrincipal when `notPrincipal`. */
  principal: PrincipalSet;
  notPrincipal: boolean;
  actions: readonly PolicyTemplate[];
  notAction: boolean;
  resources: readonly PolicyTemplate[];
  notResource: boolean;
  conditions: readonly Condition[];
}

const TOP_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const ARN_PREFIX = 'arn:aws:s3:::';

/** Parses a policy document for the bucket `bucket`; throws PolicyError with S3's reason. */
export function parseBucketPolicy(text: string, bucket: string): BucketPolicy {
  const doc = parseJson(text);
  for (const field of Object.keys(doc))
    if (!TOP_FIELDS.has(field)) throw new PolicyError(`Unknown field ${field}`);
  const version = doc.Version ?? '2008-10-17';
  if (version !== '2012-10-17' && version !== '2008-10-17') {
    throw new PolicyError('The policy must contain a valid version string');
  }
  if (doc.Id !== undefined && typeof doc.Id !== 'string') throw new PolicyError('Id must be a string');
  if (doc.Statement === undefined) throw new PolicyError('Missing required field Statement');
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (raw.length === 0) throw new PolicyError('Could not parse the policy: Statement is empty!');
  const variables = version === '2012-10-17';
  const statements = raw.map((s) => parseStatement(s, bucket, variables));
  const sids = statements.flatMap((s) => (s.sid ? [s.sid] : []));
  if (new Set(sids).size !== sids.length) {
    throw new PolicyError('Statement IDs (SID) in a single policy must be unique.');
  }
  return { version, statements };
}

function parseJson(text: string): Record<string, unknown> {
  if (!text.trimStart().startsWith('{')) {
    throw new PolicyError("Policies must be valid JSON and the first byte must be '{'");
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new PolicyError('This policy contains invalid Json');
  }
  if (!isObject(doc)) throw new PolicyError('This policy contains invalid Json');
  return doc;
}

function parseStatement(raw: unknown, bucket: string, variables: boolean): Statement {
  if (!isObject(raw)) throw new PolicyError('Statement must be an object');
  for (const field of Object.keys(raw))
    if (!STATEMENT_FIELDS.has(field)) throw new PolicyError(`Unknown field ${field}`);
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') throw new PolicyError('Sid must be a string');
  if (raw.Effect === undefined) throw new PolicyError('Missing required field Effect');
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny')
    throw new PolicyError(`Invalid effect: ${String(raw.Effect)}`);
  const principal = oneOf(raw, 'Principal', 'NotPrincipal');
  const action = oneOf(raw, 'Action', 'NotAction');
  const resource = oneOf(raw, 'Resource', 'NotResource');
  const actions = strings(action.value, 'Policy has invalid action').map(parseAction);
  const resources = strings(resource.value, 'Policy has invalid resource').map((r) =>
    parseResource(r, bucket),
  );
  if (!action.negated && !resource.negated) checkActionsApply(actions, resources);
  return {
    sid: raw.Sid,
    effect: raw.Effect,
    principal: parsePrincipal(principal.value),
    notPrincipal: principal.negated,
    actions: actions.map((a) => parseTemplate(a, false)),
    notAction: action.negated,
    resources: resources.map((r) => parseTemplate(r, variables)),
    notResource: resource.negated,
    conditions: raw.Condition === undefined ? [] : parseConditionBlock(raw.Condition, variables),
  };
}

/** Exactly one of `Action` / `NotAction` (and the like) must be given. */
function oneOf(raw: Record<string, unknown>, field: string, negated: string) {
  if (raw[field] !== undefined && raw[negated] !== undefined) {
    throw new PolicyError(`Statement cannot have both ${field} and ${negated}`);
  }
  if (raw[field] !== undefined) return { value: raw[field], negated: false };
  if (raw[negated] !== undefined) return { value: raw[negated], negated: true };
  throw new PolicyError(`Missing required field ${field}`);
}

function strings(value: unknown, reason: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v): v is string => typeof v === 'string'))
    throw new PolicyError(reason);
  return list;
}

/** `*`, or `s3:` and a name or a wildcard pattern that names at least one S3 action. */
function parseAction(action: string): string {
  if (action === '*') return action;
  if (!/^s3:[A-Za-z*?]+$/i.test(action)) throw new PolicyError('Policy has invalid action');
  const pattern = parseTemplate(action, false);
  if (!IAM_ACTIONS.some((name) => matchesTemplate(pattern, name, NO_KEYS, true))) {
    throw new PolicyError('Policy has invalid action');
  }
  return action;
}

/** `*`, or an S3 ARN inside this bucket: `arn:aws:s3:::bucket`, `arn:aws:s3:::bucket/prefix*`. */
function parseResource(resource: string, bucket: string): string {
  if (resource === '*') return resource;
  if (!resource.startsWith(ARN_PREFIX)) throw new PolicyError('Policy has invalid resource');
  const path = resource.slice(ARN_PREFIX.length);
  const bucketPart = path.split('/')[0]!;
  if (!matchesTemplate(parseTemplate(bucketPart, false), bucket, NO_KEYS)) {
    throw new PolicyError('Policy has invalid resource');
  }
  return resource;
}

/** S3 refuses a statement naming an action none of its resources can be (GetObject on a bucket). */
function checkActionsApply(actions: readonly string[], resources: readonly string[]): void {
  const objects = resources.some(
    (r) => r === '*' || r.includes('*') || r.slice(ARN_PREFIX.length).includes('/'),
  );
  const buckets = resources.some((r) => r === '*' || !r.slice(ARN_PREFIX.length).includes('/'));
  for (const action of actions) {
    const known: IamAction | undefined = iamAction(action);
    if (!known) continue;
    const kind = resourceKind(known);
    if ((kind === 'object' && !objects) || (kind === 'bucket' && !buckets) || kind === 'service') {
      throw new PolicyError('Action does not apply to any resource(s) in statement');
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
