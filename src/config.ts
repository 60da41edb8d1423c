import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Documented local-development credentials, used (with a warning) when OKS3_ACCESS_KEY/SECRET are unset. */
export const DEV_ACCESS_KEY = 'oks3-dev-access-key';
export const DEV_SECRET_KEY = 'oks3-dev-secret-key-change-me';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly cassandra: {
    readonly contactPoints: readonly string[];
    readonly localDataCenter: string;
    readonly keyspace: string;
    /** CQL replication map, e.g. {class: 'SimpleStrategy', replication_factor: 1}. */
    readonly replication: Readonly<Record<string, string | number>>;
    /** A query unanswered this long fails, and its request gets 503: the bound while a node is down. */
    readonly timeoutMs: number;
  };
  readonly rootCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly usingDevCredentials: boolean;
  readonly region: string;
  /** Base domain for virtual-hosted-style addressing (bucket.domain); undefined = path-style only. */
  readonly domain: string | undefined;
  readonly strictBucketNames: boolean;
  readonly logLevel: string;
  /** Content-defined chunking sizes: the configured ones, else the default for a new store. */
  readonly blocks: { readonly minSize: number; readonly avgSize: number; readonly maxSize: number };
  /**
   * True when OKS3_BLOCK_* set the sizes. Otherwise a store keeps the sizes it was first written
   * with (storage/block-format.ts), so an upgrade never stops new data deduplicating with old.
   */
  readonly blocksConfigured: boolean;
  /** Seconds a block with no references waits before it may be deleted (see docs/ARCHITECTURE.md). */
  readonly gcGraceSeconds: number;
  /** Seconds an UPLOADING block may stay unreferenced before the sweeper reclaims it. */
  readonly orphanBlockSeconds: number;
  readonly gcIntervalSeconds: number;
  /** Seconds after which a collector's unfinished removal claim is taken over (it died). */
  /** How often the reachability sweep runs (the safety net for what crashes leave behind). */
  readonly reachabilityIntervalSeconds: number;
  /** What the reachability sweep spares: blobs and block files younger than this. */
  readonly reachabilityGuardSeconds: number;
  /** How often the scrubber re-reads every block file (a round); 0 = never in the background. */
  readonly scrubIntervalSeconds: number;
  /** How fast a background scrub round re-reads block files. */
  readonly scrubBytesPerSecond: number;
  /** How often multipart objects' part edges are re-chunked (storage/dedup/part-edges.ts); 0 = never. */
  readonly rechunkIntervalSeconds: number;
  /** Threads that hash request bodies beside the event loop (compute/hash-pool.ts); 0 = on it. */
  readonly hashThreads: number;
  /** Age at which the sweeper judges a release intent (well above a Complete's 60 s transfer deadline). */
  readonly releaseIntentSeconds: number;
  readonly gcStaleClaimSeconds: number;
  /** Seconds after which an incomplete multipart upload is aborted by the background task. */
  readonly multipartMaxAgeSeconds: number;
  /** Smallest size of every part but the last at CompleteMultipartUpload (S3: 5 MiB). */
  readonly multipartMinPartSize: number;
  /** Objects up to this size are stored in their version row instead of blocks (0 = never). */
  readonly inlineMaxBytes: number;
  /** Base64 32-byte key sealing access-key secrets; undefined = derived from the root secret. */
  readonly masterKey: string | undefined;
  /**
   * SSE-S3's master key (base64, 32 bytes) from OKS3_SSE_MASTER_KEY; undefined = read from
   * `sseMasterKeyFile`, generated there at first start (storage/encryption/master-key-file.ts).
   */
  readonly sseMasterKey: string | undefined;
  readonly sseMasterKeyFile: string;
  /** SSE-KMS's local key ring: key id -> base64 32-byte key (OKS3_KMS_KEYS `id=key,...`). */
  readonly kmsKeys: Readonly<Record<string, string>>;
  /** The key of `aws:kms` without a key id: OKS3_KMS_DEFAULT_KEY, else the ring's first key. */
  readonly kmsDefaultKeyId: string | undefined;
  /** JSON file of accounts and keys created at start-up when missing. */
  readonly accountsFile: string | undefined;
  /** Seconds a resolved access key is cached: a disabled key stops working within this bound. */
  readonly credentialCacheSeconds: number;
  /**
   * Seconds in a lifecycle day (86400): fewer make lifecycle days pass quickly, for tests. Expiry
   * times round up to the next multiple of it since the epoch (midnight UTC for a real day).
   */
  readonly lifecycleDaySeconds: number;
  /** How often the lifecycle executor runs a pass; 0 = never. */
  readonly lifecycleIntervalSeconds: number;
  /** Most keys plus uploads of one bucket a lifecycle pass works on (it resumes from there). */
  readonly lifecycleBatch: number;
  /**
   * Bearer token that may scrape GET /_ok/metrics besides the root account's signed requests;
   * undefined = root only.
   */
  readonly metricsToken: string | undefined;
  /** Bounds on what one client may hold of the server (http/connection-limits.ts). */
  readonly limits: ConnectionLimits;
}

export interface ConnectionLimits {
  /** Milliseconds a request may take to send its whole head (slowloris headers). */
  readonly headersTimeoutMs: number;
  /** Milliseconds a request may take from its first byte to its last (0 = no bound: long uploads). */
  readonly requestTimeoutMs: number;
  /** Milliseconds a request may wait on its client (body not sent, response not read) before it is dropped. */
  readonly clientIdleTimeoutMs: number;
  /** Milliseconds an idle keep-alive connection is kept. */
  readonly keepAliveTimeoutMs: number;
  /** Largest request head (request line and headers) in bytes; beyond it 431. */
  readonly maxHeaderBytes: number;
  /** Open connections beyond which new ones are closed at once (0 = no bound). */
  readonly maxConnections: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The only reader of the environment: validates everything at once and returns a frozen config. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const accessKey = env.OKS3_ACCESS_KEY;
  const secretKey = env.OKS3_SECRET_KEY;
  if ((accessKey === undefined) !== (secretKey === undefined)) {
    problems.push('OKS3_ACCESS_KEY and OKS3_SECRET_KEY must be set together');
  }
  const keyspace = env.OKS3_KEYSPACE ?? 'ok_s3';
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace))
    problems.push(`OKS3_KEYSPACE "${keyspace}" is not a valid keyspace name`);
  const contactPoints = (env.OKS3_CASSANDRA ?? '127.0.0.1:9042')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (contactPoints.length === 0) problems.push('OKS3_CASSANDRA lists no contact points');

  const replication = parseReplication(env.OKS3_CASSANDRA_REPLICATION, problems);
  const minSize = int('OKS3_BLOCK_MIN', 128 * 1024, 1024, 64 * 1024 * 1024);
  const avgSize = int('OKS3_BLOCK_AVG', 512 * 1024, 2048, 64 * 1024 * 1024);
  const maxSize = int('OKS3_BLOCK_MAX', 2048 * 1024, 4096, 64 * 1024 * 1024);
  const blocksConfigured = ['OKS3_BLOCK_MIN', 'OKS3_BLOCK_AVG', 'OKS3_BLOCK_MAX'].some(
    (name) => (env[name] ?? '') !== '',
  );
  if (!(minSize < avgSize && avgSize < maxSize)) problems.push('block sizes must satisfy MIN < AVG < MAX');

  const kmsKeys = parseKeyRing(env.OKS3_KMS_KEYS, problems);

  const config: Config = {
    host: env.OKS3_HOST ?? '0.0.0.0',
    port: int('OKS3_PORT', 5000, 0, 65535),
    dataDir: path.resolve(env.OKS3_DATA_DIR ?? './obs_data'),
    cassandra: {
      contactPoints,
      localDataCenter: env.OKS3_CASSANDRA_DC ?? 'datacenter1',
      keyspace,
      replication,
      timeoutMs: int('OKS3_CASSANDRA_TIMEOUT_MS', 5000, 100, 120_000),
    },
    rootCredentials: {
      accessKeyId: accessKey ?? DEV_ACCESS_KEY,
      secretAccessKey: secretKey ?? DEV_SECRET_KEY,
    },
    usingDevCredentials: accessKey === undefined,
    region: env.OKS3_REGION ?? 'us-east-1',
    domain: env.OKS3_DOMAIN || undefined,
    strictBucketNames: bool('OKS3_STRICT_BUCKET_NAMES', false),
    logLevel: env.OKS3_LOG_LEVEL ?? 'info',
    blocks: { minSize, avgSize, maxSize },
    blocksConfigured,
    gcGraceSeconds: int('OKS3_GC_GRACE_SECONDS', 600, 0, 30 * 86400),
    orphanBlockSeconds: int('OKS3_ORPHAN_BLOCK_SECONDS', 86400, 1, 30 * 86400),
    gcIntervalSeconds: int('OKS3_GC_INTERVAL_SECONDS', 60, 1, 86400),
    gcStaleClaimSeconds: int('OKS3_GC_STALE_CLAIM_SECONDS', 300, 1, 86400),
    releaseIntentSeconds: int('OKS3_RELEASE_INTENT_SECONDS', 300, 1, 86400),
    reachabilityIntervalSeconds: int('OKS3_REACHABILITY_INTERVAL_SECONDS', 21600, 1, 30 * 86400),
    reachabilityGuardSeconds: int('OKS3_REACHABILITY_GUARD_SECONDS', 3600, 1, 30 * 86400),
    rechunkIntervalSeconds: int('OKS3_RECHUNK_INTERVAL_SECONDS', 2, 0, 86400),
    scrubIntervalSeconds: int('OKS3_SCRUB_INTERVAL_SECONDS', 7 * 86400, 0, 365 * 86400),
    scrubBytesPerSecond: int('OKS3_SCRUB_BYTES_PER_SECOND', 32 * 1024 * 1024, 0, 2 ** 40),
    hashThreads: int('OKS3_HASH_THREADS', Math.min(availableParallelism(), 4), 0, 64),
    multipartMaxAgeSeconds: int('OKS3_MULTIPART_MAX_AGE_SECONDS', 7 * 86400, 60, 365 * 86400),
    multipartMinPartSize: int('OKS3_MULTIPART_MIN_PART_SIZE', 5 * 1024 * 1024, 0, 5 * 1024 ** 3),
    inlineMaxBytes: int('OKS3_INLINE_MAX_BYTES', 4096, 0, 64 * 1024),
    masterKey: env.OKS3_MASTER_KEY || undefined,
    sseMasterKey: env.OKS3_SSE_MASTER_KEY || undefined,
    sseMasterKeyFile: path.resolve(
      env.OKS3_SSE_MASTER_KEY_FILE || path.join(env.OKS3_DATA_DIR ?? './obs_data', 'sse-master.key'),
    ),
    kmsKeys,
    kmsDefaultKeyId: env.OKS3_KMS_DEFAULT_KEY || Object.keys(kmsKeys)[0],
    accountsFile: env.OKS3_ACCOUNTS_FILE ? path.resolve(env.OKS3_ACCOUNTS_FILE) : undefined,
    credentialCacheSeconds: int('OKS3_CREDENTIAL_CACHE_SECONDS', 30, 0, 3600),
    lifecycleDaySeconds: int('OKS3_LIFECYCLE_DAY_SECONDS', 86400, 1, 86400),
    lifecycleIntervalSeconds: int('OKS3_LIFECYCLE_INTERVAL_SECONDS', 3600, 0, 86400),
    lifecycleBatch: int('OKS3_LIFECYCLE_BATCH', 1000, 1, 1_000_000),
    limits: {
      headersTimeoutMs: int('OKS3_HEADERS_TIMEOUT_MS', 60_000, 100, 3_600_000),
      requestTimeoutMs: int('OKS3_REQUEST_TIMEOUT_MS', 0, 0, 86_400_000),
      clientIdleTimeoutMs: int('OKS3_CLIENT_IDLE_TIMEOUT_MS', 60_000, 100, 3_600_000),
      keepAliveTimeoutMs: int('OKS3_KEEP_ALIVE_TIMEOUT_MS', 65_000, 100, 3_600_000),
      maxHeaderBytes: int('OKS3_MAX_HEADER_BYTES', 16 * 1024, 1024, 1024 * 1024),
      maxConnections: int('OKS3_MAX_CONNECTIONS', 1024, 0, 1_000_000),
    },
    metricsToken: env.OKS3_METRICS_TOKEN || undefined,
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push(`OKS3_LOG_LEVEL "${config.logLevel}" is not a pino level`);
  }
  if (config.masterKey !== undefined && Buffer.from(config.masterKey, 'base64').length !== 32) {
    problems.push('OKS3_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  if (config.sseMasterKey !== undefined && Buffer.from(config.sseMasterKey, 'base64').length !== 32) {
    problems.push('OKS3_SSE_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  if (config.kmsDefaultKeyId !== undefined && !(config.kmsDefaultKeyId in kmsKeys)) {
    problems.push(`OKS3_KMS_DEFAULT_KEY "${config.kmsDefaultKeyId}" is not a key of OKS3_KMS_KEYS`);
  }
  const { requestTimeoutMs, headersTimeoutMs } = config.limits;
  // Node refuses a headersTimeout above a non-zero requestTimeout.
  if (requestTimeoutMs !== 0 && requestTimeoutMs < headersTimeoutMs) {
    problems.push('OKS3_REQUEST_TIMEOUT_MS must be 0 or at least OKS3_HEADERS_TIMEOUT_MS');
  }
  if (config.metricsToken !== undefined && config.metricsToken.length < 16) {
    problems.push('OKS3_METRICS_TOKEN must be at least 16 characters (openssl rand -hex 16)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** OKS3_KMS_KEYS: `id=base64key,...`, each key 32 bytes; ids of letters, digits, `-`, `_` and `.`. */
function parseKeyRing(raw: string | undefined, problems: string[]): Record<string, string> {
  const ring: Record<string, string> = {};
  for (const entry of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const id = entry.slice(0, eq);
    const key = entry.slice(eq + 1);
    if (eq < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(id) || Buffer.from(key, 'base64').length !== 32) {
      problems.push(`OKS3_KMS_KEYS: entry "${id || entry.slice(0, 20)}" must be id=<32 bytes in base64>`);
      continue;
    }
    if (id in ring) problems.push(`OKS3_KMS_KEYS: key id "${id}" appears twice`);
    ring[id] = key;
  }
  return ring;
}

/** "SimpleStrategy:1" (default) or "NetworkTopologyStrategy:dc1=3,dc2=3". */
function parseReplication(raw: string | undefined, problems: string[]): Record<string, string | number> {
  if (raw === undefined || raw === '') return { class: 'SimpleStrategy', replication_factor: 1 };
  const [strategy, spec = ''] = raw.split(':', 2);
  if (strategy === 'SimpleStrategy' && /^\d+$/.test(spec)) {
    return { class: 'SimpleStrategy', replication_factor: Number(spec) };
  }
  if (strategy === 'NetworkTopologyStrategy') {
    const map: Record<string, string | number> = { class: 'NetworkTopologyStrategy' };
    for (const pair of spec.split(',')) {
      const m = /^([A-Za-z0-9_-]+)=(\d+)$/.exec(pair.trim());
      if (!m) {
        problems.push(`OKS3_CASSANDRA_REPLICATION: bad datacenter entry "${pair}"`);
        continue;
      }
      map[m[1]!] = Number(m[2]);
    }
    return map;
  }
  problems.push(
    `OKS3_CASSANDRA_REPLICATION "${raw}" must be SimpleStrategy:N or NetworkTopologyStrategy:dc=N,...`,
  );
  return { class: 'SimpleStrategy', replication_factor: 1 };
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(value);
}
