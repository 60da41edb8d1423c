import type { IncomingHttpHeaders } from 'node:http';
import type { AccountDirectory } from '../../accounts/account-directory.js';
import { canonicalOwnerId, ROOT_ACCOUNT } from '../../accounts/root-account.js';
import type { AuthContext } from '../../auth/auth-context.js';
import type { IamAction } from '../../policy/iam-actions.js';
import { unmapped } from '../../policy/ip-range.js';
import type { Tag } from '../../storage/types.js';
import type { RequestTarget } from '../action.js';
import { parseTaggingHeader, taggingOf } from './tag-set.js';

/** What of a request its condition keys come from (an S3Request has it all). */
export interface RequestFacts {
  headers: IncomingHttpHeaders;
  target: Pick<RequestTarget, 'query'>;
  auth: Pick<AuthContext, 'principal' | 'signatureVersion'>;
  /** The socket: its peer address, and `encrypted` when it is TLS. */
  raw: { socket: { remoteAddress?: string | undefined } };
}

type Accounts = { accounts: Pick<AccountDirectory, 'displayName'> };

/** Request headers a bucket policy may test as `s3:<header>`. */
const HEADER_KEYS = [
  'x-amz-acl',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-storage-class',
  'x-amz-copy-source',
  'x-amz-metadata-directive',
  'x-amz-content-sha256',
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
  'x-amz-website-redirect-location',
];

/** The actions whose query parameters `prefix`, `delimiter`, `max-keys` are condition keys. */
const LISTINGS: ReadonlySet<IamAction> = new Set(['s3:ListBucket', 's3:ListBucketVersions']);

/**
 * The condition keys of a request, by lower-case name. `s3:RequestObjectTag/<k>` and
 * `s3:RequestObjectTagKeys` come from `x-amz-tagging` (PutObject, CopyObject,
 * CreateMultipartUpload); `s3:ExistingObjectTag/<k>` comes in `extra` (rules/policy-verdict.ts
 * reads the stored tags when the policy names such a key). `aws:SecureTransport` reads the socket: a TLS proxy in front of OK-S3 must not be trusted on its
 * word (X-Forwarded-Proto).
 */
export async function policyContext(
  req: RequestFacts,
  ctx: Accounts,
  action: IamAction,
  extra: Readonly<Record<string, string>>,
): Promise<Map<string, string[]>> {
  const keys = new Map<string, string[]>();
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) keys.set(key.toLowerCase(), [value]);
  };
  const now = new Date();
  set('aws:CurrentTime', now.toISOString());
  set('aws:EpochTime', String(Math.floor(now.getTime() / 1000)));
  set('aws:SourceIp', unmapped(req.raw.socket.remoteAddress ?? ''));
  set('aws:SecureTransport', String('encrypted' in req.raw.socket && req.raw.socket.encrypted === true));
  set('aws:Referer', header(req, 'referer'));
  set('aws:UserAgent', header(req, 'user-agent'));
  await setPrincipalKeys(req, ctx, set);
  for (const name of HEADER_KEYS) set(`s3:${name}`, header(req, name));
  set('s3:VersionId', req.target.query.get('versionId'));
  setRequestTagKeys(req, keys);
  if (LISTINGS.has(action)) {
    for (const name of ['prefix', 'delimiter', 'max-keys']) set(`s3:${name}`, req.target.query.get(name));
  }
  for (const [key, value] of Object.entries(extra)) set(key, value);
  return keys;
}

/**
 * Who calls: OK-S3's accounts are what AWS calls account root users, so `aws:userid`,
 * `aws:PrincipalAccount` and the account part of `aws:PrincipalArn` are the canonical id, and
 * `aws:username` is the account's name. Anonymous requests have none of them.
 */
async function setPrincipalKeys(
  req: RequestFacts,
  ctx: Accounts,
  set: (key: string, value: string | undefined) => void,
): Promise<void> {
  const principal = req.auth.principal;
  if (principal === null) {
    set('aws:PrincipalType', 'Anonymous');
    return;
  }
  const id = canonicalOwnerId(principal);
  set('aws:PrincipalType', 'Account');
  set('aws:userid', id);
  set('aws:PrincipalAccount', id);
  set('aws:PrincipalArn', `arn:aws:iam::${id}:root`);
  set('aws:username', id === ROOT_ACCOUNT.id ? ROOT_ACCOUNT.displayName : await ctx.accounts.displayName(id));
  // A policy that requires AWS4-HMAC-SHA256 must see SigV2 requests (and SigV2 POST forms) as `AWS`.
  const sigV2 = req.auth.signatureVersion === 'AWS';
  set('s3:signatureversion', sigV2 ? 'AWS' : 'AWS4-HMAC-SHA256');
  const presigned = req.target.query.has(sigV2 ? 'Signature' : 'X-Amz-Signature');
  set('s3:authType', presigned ? 'REST-QUERY-STRING' : 'REST-HEADER');
}

/** The tags `x-amz-tagging` asks for; a value that does not parse sets none (the action refuses it). */
function setRequestTagKeys(req: RequestFacts, keys: Map<string, string[]>): void {
  const value = taggingOf(req);
  if (value === undefined) return;
  let tags: Tag[];
  try {
    tags = parseTaggingHeader(value);
  } catch {
    return;
  }
  for (const t of tags) keys.set(`s3:requestobjecttag/${t.key}`.toLowerCase(), [t.value]);
  keys.set(
    's3:requestobjecttagkeys',
    tags.map((t) => t.key),
  );
}

function header(req: RequestFacts, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
