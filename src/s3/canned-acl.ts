import { S3Error } from '../http/errors.js';
import type { CannedAcl } from '../metadata/bucket-repository.js';
import { ROOT_OWNER } from './access.js';

const CANNED: readonly CannedAcl[] = ['private', 'public-read', 'public-read-write', 'authenticated-read'];

/** Reads `x-amz-acl`; explicit `x-amz-grant-*` headers are not supported yet. */
export function cannedAclFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): CannedAcl | undefined {
  if (Object.keys(headers).some((h) => h.startsWith('x-amz-grant-'))) {
    throw new S3Error(
      'NotImplemented',
      'x-amz-grant-* headers are not supported; use a canned ACL (x-amz-acl).',
    );
  }
  const raw = headers['x-amz-acl'];
  if (raw === undefined) return undefined;
  const value = String(raw).trim();
  if (!(CANNED as readonly string[]).includes(value)) {
    throw new S3Error('InvalidArgument', `Unsupported canned ACL: ${value}`, { ArgumentName: 'x-amz-acl' });
  }
  return value as CannedAcl;
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** The AccessControlPolicy document S3 returns for a canned ACL. */
export function aclPolicy(acl: CannedAcl, owner: string): Record<string, unknown> {
  const ownerEl = { ID: owner, DisplayName: owner === ROOT_OWNER.id ? ROOT_OWNER.displayName : owner };
  const grants: unknown[] = [
    { Grantee: { '@xmlns:xsi': XSI, '@xsi:type': 'CanonicalUser', ...ownerEl }, Permission: 'FULL_CONTROL' },
  ];
  const group = (uri: string, permission: string) => ({
    Grantee: { '@xmlns:xsi': XSI, '@xsi:type': 'Group', URI: uri },
    Permission: permission,
  });
  if (acl === 'public-read' || acl === 'public-read-write') grants.push(group(ALL_USERS, 'READ'));
  if (acl === 'public-read-write') grants.push(group(ALL_USERS, 'WRITE'));
  if (acl === 'authenticated-read') grants.push(group(AUTH_USERS, 'READ'));
  return { Owner: ownerEl, AccessControlList: { Grant: grants } };
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
