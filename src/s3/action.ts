import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { AccountDirectory } from '../accounts/account-directory.js';
import type { AuthContext, SecretLookup } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import type { RequestTarget } from '../http/request-target.js';
import type { Logger } from '../logger.js';
import type { AclRepository } from '../metadata/acl-repository.js';
import type { BucketRepository } from '../metadata/bucket-repository.js';
import type { FolderRepository } from '../metadata/folder-repository.js';
import type { LockRepository } from '../metadata/lock-repository.js';
import type { ObjectRepository } from '../metadata/object-repository.js';
import type { MultipartStore } from '../storage/multipart-store.js';
import type { ObjectStore } from '../storage/object-store.js';

/** Everything an operation needs, built once in main.ts. */
export interface Services {
  config: Config;
  log: Logger;
  buckets: BucketRepository;
  objects: ObjectStore;
  objectIndex: ObjectRepository;
  folders: FolderRepository;
  locks: LockRepository;
  /** Canonical id -> display name, for Owner elements and grantee checks. */
  accounts: AccountDirectory;
  acls: AclRepository;
  multipart: MultipartStore;
}

/** A parsed, authenticated request. Operations never see the Express response. */
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
  /** The access keys, for an operation that checks a signature itself (PostObject's policy). */
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

export type Operation = (req: S3Request, services: Services) => Promise<S3Result>;
