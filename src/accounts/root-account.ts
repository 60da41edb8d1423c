/**
 * The root account: the OKS3_ACCESS_KEY/OKS3_SECRET_KEY credentials. It is not stored in Cassandra;
 * its canonical id is fixed (the SHA-256 of "ok-s3 root account") so it never collides with a
 * random account id and stays the same across restarts and servers.
 */
export const ROOT_ACCOUNT = {
  id: '299f909825aec49c2688a860c41be65504f331748ab44df639129fd581ee9b24',
  displayName: 'root',
} as const;

/** Buckets created before accounts existed recorded the root owner under this id. */
const LEGACY_ROOT_ID = 'oks3-root';

/** The canonical id of a stored owner, mapping the legacy root id. */
export function canonicalOwnerId(owner: string): string {
  return owner === LEGACY_ROOT_ID ? ROOT_ACCOUNT.id : owner;
}
