import { PolicyError } from './policy-error.js';

/**
 * Who a statement names. OK-S3's account id is the account's canonical id (64 hex, as in Owner
 * elements), so `"AWS": "<id>"`, `"AWS": "arn:aws:iam::<id>:root"` and `"CanonicalUser": "<id>"`
 * name one account; `"*"` (or `"AWS": "*"`) names everyone, anonymous callers included. Service
 * principals (`"Service": "logging.s3.amazonaws.com"`) are accepted and match no request here.
 */
export interface PrincipalSet {
  everyone: boolean;
  accounts: ReadonlySet<string>;
}

const INVALID = 'Invalid principal in policy';
const CANONICAL_ID = /^[0-9a-f]{64}$/i;
const ROOT_ARN = /^arn:aws:iam::([0-9a-f]{64}):root$/i;

export function parsePrincipal(raw: unknown): PrincipalSet {
  if (raw === '*') return { everyone: true, accounts: new Set() };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PolicyError(INVALID);
  let everyone = false;
  const accounts = new Set<string>();
  for (const [kind, value] of Object.entries(raw)) {
    for (const name of names(value)) {
      if (kind === 'AWS' && name === '*') everyone = true;
      else if (kind === 'AWS' || kind === 'CanonicalUser') accounts.add(accountId(name, kind));
      else if (kind !== 'Service' || !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(name)) {
        throw new PolicyError(INVALID);
      }
    }
  }
  return { everyone, accounts };
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v): v is string => typeof v === 'string'))
    throw new PolicyError(INVALID);
  return list;
}

function accountId(name: string, kind: string): string {
  if (CANONICAL_ID.test(name)) return name.toLowerCase();
  const arn = kind === 'AWS' ? ROOT_ARN.exec(name) : null;
  if (arn) return arn[1]!.toLowerCase();
  throw new PolicyError(INVALID);
}

/** Whether the set names this caller (a canonical id; null = anonymous). */
export function principalMatches(set: PrincipalSet, principal: string | null): boolean {
  return set.everyone || (principal !== null && set.accounts.has(principal));
}
