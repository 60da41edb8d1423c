import {
  type BucketCannedACL,
  CreateBucketCommand,
  PutBucketVersioningCommand,
  type S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningServer } from '../../src/server.js';
import { createLegacyBucket } from './bucket-controls.js';
import { startTestServer, type TestServer, uniqueBucket } from './test-server.js';

export interface BucketOptions {
  /** A bucket ACL, set by PutBucketAcl once the bucket is `legacy` (which it implies). */
  acl?: BucketCannedACL;
  /**
   * A bucket as S3 created them before April 2023: ACLs enabled (ObjectWriter) and no Block Public
   * Access, for tests of ACLs and public policies. Without it a bucket has S3's defaults for new
   * buckets (all public access blocked, ACLs disabled).
   */
  legacy?: boolean;
  versioning?: 'Enabled' | 'Suspended';
  /** The client that creates, and so owns, the bucket; the root client when not given. */
  owner?: S3Client;
}

/**
 * The server of one test file (or one describe block), readable once its beforeAll has run. It
 * mirrors TestServer's fields, so tests read `server.port` or `server.config` as before.
 */
export interface SharedServer {
  readonly server: TestServer;
  readonly port: number;
  readonly endpoint: string;
  readonly config: Config;
  readonly running: RunningServer;
  /** One SDK client with the root credentials, path-style. */
  readonly s3: S3Client;
  /** Another SDK client (other credentials, retries, addressing style); destroyed with the server. */
  client(overrides?: Partial<S3ClientConfig>): S3Client;
  /** Creates a bucket whose name, unique to the run, starts with `prefix`. */
  bucket(prefix?: string, opts?: BucketOptions): Promise<string>;
}

/**
 * Starts an in-process server (with `env` on top of the test defaults) before the tests of the
 * enclosing file or describe block, and closes it after them.
 */
export function useServer(env: Record<string, string> = {}): SharedServer {
  let started: TestServer | undefined;
  let root: S3Client | undefined;
  beforeAll(async () => {
    started = await startTestServer(env);
  });
  afterAll(async () => {
    const closing = started;
    started = undefined;
    root = undefined;
    await closing?.close();
  });
  const running = (): TestServer => {
    if (!started) throw new Error('useServer: the server runs from its beforeAll to its afterAll only');
    return started;
  };
  const shared: SharedServer = {
    get server() {
      return running();
    },
    get port() {
      return running().port;
    },
    get endpoint() {
      return running().endpoint;
    },
    get config() {
      return running().config;
    },
    get running() {
      return running().running;
    },
    get s3() {
      root ??= running().client();
      return root;
    },
    client: (overrides) => running().client(overrides),
    bucket: (prefix = 'b', opts = {}) => createBucket(opts.owner ?? shared.s3, uniqueBucket(prefix), opts),
  };
  return shared;
}

/**
 * A bucket for the tests of the enclosing file or describe block: named now, created by the root
 * client in a beforeAll registered after the server's.
 */
export function useBucket(
  shared: SharedServer,
  prefix: string,
  opts: Omit<BucketOptions, 'owner'> = {},
): string {
  const name = uniqueBucket(prefix);
  beforeAll(async () => {
    await createBucket(shared.s3, name, opts);
  });
  return name;
}

async function createBucket(s3: S3Client, name: string, opts: BucketOptions): Promise<string> {
  if (opts.legacy || opts.acl) await createLegacyBucket(s3, name, opts.acl);
  else await s3.send(new CreateBucketCommand({ Bucket: name }));
  if (opts.versioning) {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: opts.versioning } }),
    );
  }
  return name;
}
