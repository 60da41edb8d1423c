import { CANONICAL_ID } from '../../accounts/account-identifiers.js';
import {
  type AclPermission,
  cannedGrants,
  type Grant,
  type Grantee,
  KNOWN_GROUPS,
} from '../../accounts/grants.js';
import { S3Error } from '../../errors.js';
import type { Bucket } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { cannedAclHeader, hasGrantHeaders } from './canned-acl.js';
import { checkRequestedAcl } from './public-access.js';
import { readRequestXml } from './request-xml.js';

const GRANT_HEADERS: Readonly<Record<string, AclPermission>> = {
  'x-amz-grant-read': 'READ',
  'x-amz-grant-write': 'WRITE',
  'x-amz-grant-read-acp': 'READ_ACP',
  'x-amz-grant-write-acp': 'WRITE_ACP',
  'x-amz-grant-full-control': 'FULL_CONTROL',
};

/** A grant as asked for: an e-mail grantee is resolved to its account's canonical id. */
type RequestedGrant = Omit<Grant, 'grantee'> & { grantee: Grantee | { kind: 'email'; email: string } };

export interface AclRequestOptions {
  target: 'bucket' | 'object';
  /** The bucket whose Object Ownership and BlockPublicAcls the ACL must pass (rules/public-access.ts). */
  bucket: Bucket;
  /** Put*Acl may carry an AccessControlPolicy body; PutObject's body is the object. */
  acceptBody: boolean;
}

/**
 * The ACL a request asks for, exactly one of: a canned ACL (`x-amz-acl`), grant headers
 * (`x-amz-grant-read: id="<canonical id>", uri="<group uri>", emailAddress="<e-mail>"`), or an
 * AccessControlPolicy body. Undefined when it names none. Grantees must be existing accounts or
 * known groups; an e-mail address is stored as its account's canonical id, as S3 stores it. The
 * ACL must pass the bucket's settings (ACLs disabled, BlockPublicAcls).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html
 */
export async function requestedGrants(
  req: S3Request,
  ctx: Context,
  owner: string,
  opts: AclRequestOptions,
): Promise<Grant[] | undefined> {
  const canned = cannedAclHeader(req.headers, opts.target);
  const withHeaders = hasGrantHeaders(req.headers);
  const withBody = opts.acceptBody && hasBody(req.headers);
  if ([canned !== undefined, withHeaders, withBody].filter(Boolean).length > 1) {
    throw new S3Error(
      'InvalidRequest',
      'Specify only one of a canned ACL (x-amz-acl), x-amz-grant-* headers or an AccessControlPolicy body.',
    );
  }
  let grants: Grant[];
  if (canned !== undefined) {
    grants = cannedGrants(canned, owner);
  } else {
    const requested = withHeaders
      ? grantsFromHeaders(req.headers)
      : withBody
        ? await grantsFromBody(req, owner)
        : undefined;
    if (!requested) return undefined;
    grants = await resolveEmails(ctx, requested);
    await checkGrantees(ctx, grants);
  }
  checkRequestedAcl(await ctx.controls.get(opts.bucket), grants, owner);
  return grants;
}

function hasBody(headers: S3Request['headers']): boolean {
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

function grantsFromHeaders(headers: S3Request['headers']): RequestedGrant[] {
  const grants: RequestedGrant[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-grant-') || raw === undefined) continue;
    const permission = GRANT_HEADERS[name];
    if (permission === undefined) {
      throw new S3Error('InvalidArgument', `Unknown grant header ${name}`, { ArgumentName: name });
    }
    for (const item of String(raw).split(',')) {
      const m = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(item);
      if (!m) throw new S3Error('InvalidArgument', `Malformed grantee in ${name}`, { ArgumentName: name });
      grants.push({ grantee: grantee(m[1]!.toLowerCase(), m[2]!), permission });
    }
  }
  return grants;
}

async function grantsFromBody(req: S3Request, owner: string): Promise<RequestedGrant[]> {
  const doc = await readRequestXml(req, ['Grant'], 64 * 1024);
  const policy = asRecord(doc.AccessControlPolicy);
  if (!policy) throw new S3Error('MalformedXML');
  const ownerId = asRecord(policy.Owner)?.ID;
  // The owner of a bucket or object cannot be changed through its ACL.
  if (ownerId !== undefined && ownerId !== owner) throw new S3Error('AccessDenied');
  const list = asRecord(policy.AccessControlList)?.Grant;
  return (Array.isArray(list) ? list : []).map((entry: unknown) => {
    const g = asRecord(entry);
    const who = asRecord(g?.Grantee);
    const permission = String(g?.Permission ?? '');
    if (!who || !isPermission(permission)) throw new S3Error('MalformedXML');
    if (typeof who.ID === 'string') return { grantee: grantee('id', who.ID), permission };
    if (typeof who.URI === 'string') return { grantee: grantee('uri', who.URI), permission };
    if (typeof who.EmailAddress === 'string')
      return { grantee: grantee('emailaddress', who.EmailAddress), permission };
    throw new S3Error('MalformedXML');
  });
}

function grantee(type: string, value: string): RequestedGrant['grantee'] {
  if (type === 'id') return { kind: 'user', id: value };
  if (type === 'uri') return { kind: 'group', uri: value };
  if (type === 'emailaddress') return { kind: 'email', email: value };
  throw new S3Error('InvalidArgument', `Unknown grantee type ${type}`);
}

async function resolveEmails(ctx: Context, requested: readonly RequestedGrant[]): Promise<Grant[]> {
  const grants: Grant[] = [];
  for (const { grantee: g, permission } of requested) {
    if (g.kind !== 'email') {
      grants.push({ grantee: g, permission });
      continue;
    }
    const id = await ctx.accounts.idByEmail(g.email);
    if (id === undefined)
      throw new S3Error('UnresolvableGrantByEmailAddress', undefined, { EmailAddress: g.email });
    grants.push({ grantee: { kind: 'user', id }, permission });
  }
  return grants;
}

async function checkGrantees(ctx: Context, grants: readonly Grant[]): Promise<void> {
  for (const { grantee: g } of grants) {
    if (g.kind === 'group') {
      if (!KNOWN_GROUPS.includes(g.uri)) throw new S3Error('InvalidArgument', `Invalid group uri ${g.uri}`);
    } else if (!CANONICAL_ID.test(g.id) || (await ctx.accounts.displayName(g.id)) === undefined) {
      throw new S3Error('InvalidArgument', `Invalid id ${g.id}`, { ArgumentName: 'CanonicalUser/ID' });
    }
  }
}

function isPermission(value: string): value is AclPermission {
  return Object.values(GRANT_HEADERS).includes(value as AclPermission);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
