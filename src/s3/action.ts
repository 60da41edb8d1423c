import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { AccountDirectory } from '../accounts/account-directory.js';
import type { Grant } from '../accounts/grants.js';
import type { AuthContext, SecretLookup } from '../auth/authenticate.js';
import type { HashPool } from '../compute/hash-pool.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { IamAction } from '../policy/iam-actions.js';
import type { BucketControlsStore } from '../storage/bucket-controls-store.js';
import type { BucketPolicyStore } from '../storage/bucket-policy-store.js';
import type { BucketStore } from '../storage/bucket-store.js';
import type { BucketTagStore } from '../storage/bucket-tag-store.js';
import type { CorsStore } from '../storage/cors-store.js';
import type { BucketEncryptionStore } from '../storage/encryption/bucket-encryption-store.js';
import type { KeyRing } from '../storage/encryption/key-ring.js';
import type { LeaseStore } from '../storage/lease-store.js';
import type { LifecycleStore } from '../storage/lifecycle-store.js';
import type { ListingStore } from '../storage/listing-store.js';
import type { MultipartStore } from '../storage/multipart-store.js';
import type { ObjectLockStore } from '../storage/object-lock-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { RetentionClock } from '../storage/retention-clock.js';
import type { Bucket, ObjectVersion } from '../storage/types.js';

/**
 * The vocabulary of the S3 layer: an Action declares its route and the permission it needs and
 * runs against a Context of stores. http/ finds the action, authorizes once from the declared
 * permission (rules/authorize.ts) and sends what `run` returns.
 */

/** Everything an action may use: stores only, never a repository. Built once in server.ts. */
export interface Context {
  config: Config;
  buckets: BucketStore;
  /** Bucket policies, parsed and cached. */
  policies: BucketPolicyStore;
  /** Bucket CORS rules, cached. */
  cors: CorsStore;
  /** Default encryption of buckets, cached. */
  encryption: BucketEncryptionStore;
  /** PublicAccessBlock and Object Ownership of buckets, cached. */
  controls: BucketControlsStore;
  /** Bucket tag sets. */
  bucketTags: BucketTagStore;
  /** Bucket lifecycle rules, cached. */
  lifecycle: LifecycleStore;
  objects: ObjectStore;
  /** Retention and legal hold of versions (Object Lock). */
  objectLocks: ObjectLockStore;
  /** The time Object Lock decisions are taken at; only the server's own process can move it. */
  clock: RetentionClock;
  listings: ListingStore;
  multipart: MultipartStore;
  leases: LeaseStore;
  /** Canonical id -> display name, for Owner elements and grantee checks. */
  accounts: AccountDirectory;
  /** SSE key ids (which exist, which is the default); it never hands out key bytes. */
  keys: KeyRing;
  /** Threads for hashing request bodies (verifiedBody); not a store, it holds no data. */
  hashing: HashPool;
}

/** What an S3 request addresses, parsed from the raw URL and Host header (never from a router). */
export interface RequestTarget {
  /** Bucket name, or undefined for service-level requests (ListBuckets). */
  bucket: string | undefined;
  /** Decoded object key, or undefined for bucket-level requests. May contain `//`, a trailing `/`, unicode. */
  key: string | undefined;
  /** Path exactly as on the wire (percent-encoded, without the query). Used for signing. */
  rawPath: string;
  /** Query string exactly as on the wire, without `?`. Used for signing. */
  rawQuery: string;
  /** Decoded query parameters; a valueless parameter (`?uploads`) maps to ''. First occurrence wins. */
  query: ReadonlyMap<string, string>;
  style: 'path' | 'virtual-host';
}

/** A parsed, authenticated request. Actions never see the HTTP response. */
export interface S3Request {
  id: string;
  method: string;
  target: RequestTarget;
  headers: IncomingHttpHeaders;
  auth: AuthContext;
  /** The raw request: the body stream, and the socket for aborts. */
  raw: IncomingMessage;
  signal: AbortSignal;
  log: Logger;
  /** The access keys, for an action that checks a signature itself (PostObject's policy). */
  secrets: SecretLookup;
}

/** An XML document: root element name and its content, rendered by http/xml.ts. */
export interface XmlDocument {
  root: string;
  value: Record<string, unknown>;
}

export interface S3Result {
  status: number;
  headers?: Record<string, string | number | undefined>;
  xml?: XmlDocument;
  json?: unknown;
  body?: Readable;
}

export type TargetKind = 'service' | 'bucket' | 'object';

/** Which requests an action answers. More specific routes (query, then header) win. */
export interface Route {
  method: string;
  target: TargetKind;
  /** A query parameter that must be present (an S3 subresource such as `acl` or `uploads`). */
  query?: string;
  /** A header that must be present (e.g. `x-amz-copy-source` for CopyObject). */
  header?: string;
  /** What the header's value must look like, when its presence is not enough (PostObject). */
  headerValue?: RegExp;
  /** A path-style first segment reserved for this action whatever follows (`/files/...`). */
  reservedBucket?: string;
}

/** What a caller may do to a bucket through its ACL; `owner` is the bucket owner (and root) only. */
export type BucketPermission = 'read' | 'write' | 'read-acp' | 'write-acp' | 'owner';

/**
 * The IAM action a bucket policy names for the request (`s3:GetObject`), and the one it names
 * when the request carries `?versionId=` (`s3:GetObjectVersion`), when that differs. Declared with
 * every permission, so an action's ACL need and its policy name are in one place.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
 */
export interface IamNames {
  iam: IamAction;
  versioned?: IamAction;
}

/**
 * The permission an action needs, checked once before `run` (rules/authorize.ts). Wherever a
 * bucket is involved its policy is asked first: an explicit Deny refuses, an Allow admits, and
 * otherwise the ACL decides as below.
 * - `sign`: any signed caller (service-level actions; no bucket policy applies);
 * - `bucket`: the addressed bucket's ACL (READ lists, WRITE puts and deletes); the policy is
 *   asked about the addressed object, or the bucket when there is no key;
 * - `read-object`: READ in the addressed version's own ACL (GET, HEAD);
 * - `object-acp`: READ_ACP / WRITE_ACP in the current version's ACL;
 * - `object-owner`: the bucket owner, who owns every object (no ACL grants it: tagging), on the
 *   current version or `?versionId=`;
 * - `copy`: WRITE on the target bucket (`iam` on the target key) and READ on the copy source's
 *   version (`s3:GetObject`, or `s3:GetObjectVersion` with a versionId, in the source's policy);
 * - `each-key`: WRITE, asked per key by the action (DeleteObjects: `s3:DeleteObject` per key);
 * - `policy`: the bucket owner (and root) only, whatever the policy says: S3 never lets a policy
 *   lock the owner out of managing it, nor hand it to another account (which gets 405);
 * - `folder`: READ (`s3:ListBucket` with `s3:prefix`) on the bucket named after `/files/`;
 * - `form`: nothing before the body: PostObject's signed policy travels in the form, and the
 *   action checks it (and the signer's WRITE, `s3:PutObject`) before it reads the file.
 */
export type Permission =
  | { to: 'sign'; iam: IamAction }
  | ({ to: 'bucket'; need: BucketPermission } & IamNames)
  | ({ to: 'read-object' } & Required<IamNames>)
  | ({ to: 'object-acp'; need: 'READ_ACP' | 'WRITE_ACP' } & Required<IamNames>)
  | ({ to: 'object-owner' } & Required<IamNames>)
  | { to: 'copy'; iam: IamAction }
  | ({ to: 'each-key'; need: 'write' } & Required<IamNames>)
  | { to: 'policy'; iam: IamAction }
  | { to: 'folder'; iam: 's3:ListBucket' }
  | { to: 'form'; iam: 's3:PutObject' };

/** What an authorization found, by permission kind: the loaded bucket, version, source. */
export interface Grants {
  sign: { principal: string };
  bucket: { bucket: Bucket };
  'read-object': { bucket: Bucket; version: ObjectVersion };
  'object-acp': { bucket: Bucket; version: ObjectVersion; grants: Grant[] };
  'object-owner': { bucket: Bucket; version: ObjectVersion };
  copy: { bucket: Bucket; source: { bucket: Bucket; version: ObjectVersion } };
  'each-key': { bucket: Bucket; mayAct(key: string, versionId: string | undefined): Promise<boolean> };
  policy: { bucket: Bucket };
  folder: { bucket: Bucket; folder: string };
  form: Record<string, never>;
}

export type Granted<P extends Permission> = Grants[P['to']];

/** One S3 action: everything about it in one place. */
export interface Action<P extends Permission = Permission> {
  /** The S3 action name (`GetObject`), logged with every request. */
  name: string;
  route: Route;
  permission: P;
  /** Reads x-amz-server-side-encryption* itself (rules/server-side-encryption.ts); others refuse them. */
  encryption?: true;
  run(req: S3Request, ctx: Context, granted: Granted<P>): Promise<S3Result>;
}

/** Declares an action; the permission's kind types what `run` is granted. */
export function defineAction<const P extends Permission>(action: Action<P>): Action<P> {
  return action;
}
