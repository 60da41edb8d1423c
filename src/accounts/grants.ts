/**
 * Access control lists as S3 models them: grants of one permission to a canonical user or to a
 * predefined group. https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
 */

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
/** The groups OK-S3 understands; any other URI is refused when an ACL is set. */
export const KNOWN_GROUPS: readonly string[] = [ALL_USERS, AUTHENTICATED_USERS];

export type AclPermission = 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';
export const ACL_PERMISSIONS: readonly AclPermission[] = [
  'FULL_CONTROL',
  'READ',
  'WRITE',
  'READ_ACP',
  'WRITE_ACP',
];

export type Grantee = { kind: 'user'; id: string } | { kind: 'group'; uri: string };

export interface Grant {
  grantee: Grantee;
  permission: AclPermission;
}

/** Canned ACLs for buckets and objects; `bucket-owner-*` equal `private` here (the bucket owner owns every object). */
export type CannedAclName =
  | 'private'
  | 'public-read'
  | 'public-read-write'
  | 'authenticated-read'
  | 'bucket-owner-read'
  | 'bucket-owner-full-control';

/** The grants a canned ACL stands for, the owner's FULL_CONTROL first. */
export function cannedGrants(acl: CannedAclName, owner: string): Grant[] {
  const grants: Grant[] = [{ grantee: { kind: 'user', id: owner }, permission: 'FULL_CONTROL' }];
  const group = (uri: string, permission: AclPermission): Grant => ({
    grantee: { kind: 'group', uri },
    permission,
  });
  if (acl === 'public-read' || acl === 'public-read-write') grants.push(group(ALL_USERS, 'READ'));
  if (acl === 'public-read-write') grants.push(group(ALL_USERS, 'WRITE'));
  if (acl === 'authenticated-read') grants.push(group(AUTHENTICATED_USERS, 'READ'));
  return grants;
}

/** True when a grant gives `principal` (null = anonymous) the permission; FULL_CONTROL implies all. */
export function grantsAllow(
  grants: readonly Grant[],
  principal: string | null,
  permission: AclPermission,
): boolean {
  return grants.some(
    (g) => (g.permission === permission || g.permission === 'FULL_CONTROL') && matches(g.grantee, principal),
  );
}

function matches(grantee: Grantee, principal: string | null): boolean {
  if (grantee.kind === 'user') return principal !== null && grantee.id === principal;
  if (grantee.uri === ALL_USERS) return true;
  return grantee.uri === AUTHENTICATED_USERS && principal !== null;
}

/** Stored form of a grant: `READ id:<canonical id>` or `READ uri:<group uri>`. */
export function encodeGrant(grant: Grant): string {
  const who = grant.grantee.kind === 'user' ? `id:${grant.grantee.id}` : `uri:${grant.grantee.uri}`;
  return `${grant.permission} ${who}`;
}

/** Parses the stored form; an unreadable entry is skipped rather than widening access. */
export function decodeGrant(text: string): Grant | undefined {
  const m = /^([A-Z_]+) (id|uri):(.+)$/.exec(text);
  if (!m || !(ACL_PERMISSIONS as readonly string[]).includes(m[1]!)) return undefined;
  const permission = m[1] as AclPermission;
  return m[2] === 'id'
    ? { grantee: { kind: 'user', id: m[3]! }, permission }
    : { grantee: { kind: 'group', uri: m[3]! }, permission };
}
