import { AccountDirectory } from './accounts/account-directory.js';
import type { BlockStoreObserver, ChunkerOptions } from './blocks/index.js';
import { BlockStore } from './blocks/index.js';
import { HashPool } from './compute/hash-pool.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { AccountRepository } from './metadata/account-repository.js';
import { AclRepository } from './metadata/acl-repository.js';
import { BlobRepository } from './metadata/blob-repository.js';
import { BlockRefRepository } from './metadata/block-ref-repository.js';
import { BlockStateRepository } from './metadata/block-state-repository.js';
import { BucketDocumentRepository } from './metadata/bucket-document-repository.js';
import { BucketRepository } from './metadata/bucket-repository.js';
import type { CqlClient } from './metadata/cassandra-client.js';
import { CompletedUploadRepository } from './metadata/completed-upload-repository.js';
import { FolderRepository } from './metadata/folder-repository.js';
import { GcQueue } from './metadata/gc-queue.js';
import { LifecycleCursorRepository } from './metadata/lifecycle-cursor-repository.js';
import { LockRepository } from './metadata/lock-repository.js';
import { ReachabilityScan } from './metadata/reachability-scan.js';
import { RechunkQueue } from './metadata/rechunk-queue.js';
import { ScrubProgressRepository } from './metadata/scrub-progress-repository.js';
import { TagRepository } from './metadata/tag-repository.js';
import { UploadRepository } from './metadata/upload-repository.js';
import { VersionRepository } from './metadata/version-repository.js';
import type { Context } from './s3/action.js';
import { LifecycleExecutor } from './storage/background/lifecycle-executor.js';
import type { LifecycleObserver } from './storage/background/lifecycle-observer.js';
import { BucketControlsStore } from './storage/bucket-controls-store.js';
import { BucketPolicyStore } from './storage/bucket-policy-store.js';
import { BucketStore } from './storage/bucket-store.js';
import { BucketTagStore } from './storage/bucket-tag-store.js';
import { CorsStore } from './storage/cors-store.js';
import { ownerExists } from './storage/dedup/blob-owners.js';
import { BucketEncryptionStore } from './storage/encryption/bucket-encryption-store.js';
import type { KeyRing } from './storage/encryption/key-ring.js';
import { LeaseStore } from './storage/lease-store.js';
import { LifecycleStore } from './storage/lifecycle-store.js';
import { ListingStore } from './storage/listing-store.js';
import { MultipartStore } from './storage/multipart-store.js';
import { ObjectLockStore } from './storage/object-lock-store.js';
import { ObjectStore } from './storage/object-store.js';
import { RetentionClock } from './storage/retention-clock.js';
import { VersionSideData } from './storage/version-side-data.js';

/**
 * The composition of the layers: repositories on one Cassandra session, the stores built on them,
 * and the Context the S3 actions get. `dedup` is what the background tasks (collector, sweeper)
 * work on; `lifecycle` runs buckets' lifecycle rules through the same stores as the actions.
 */
export async function buildContext(
  config: Config,
  log: Logger,
  db: CqlClient,
  chunking: ChunkerOptions,
  keys: KeyRing,
  lifecycleObserver: LifecycleObserver,
  blockObserver?: BlockStoreObserver,
) {
  const store = new BlockStore(config.dataDir, blockObserver);
  await store.init();
  const hashing = new HashPool(config.hashThreads);
  hashing.warm();
  const versionRows = new VersionRepository(db);
  const uploads = new UploadRepository(db);
  const dedup = {
    store,
    blobs: new BlobRepository(db),
    refs: new BlockRefRepository(db),
    states: new BlockStateRepository(db),
    gcQueue: new GcQueue(db),
    rechunks: new RechunkQueue(db),
    log,
    ownerExists: (owner: string, blobId: string) =>
      ownerExists({ versions: versionRows, uploads }, owner, blobId),
    scan: new ReachabilityScan(db),
    scrubProgress: new ScrubProgressRepository(db),
    locks: new LockRepository(db),
    versions: versionRows,
    chunking,
    keys,
  };
  const folders = new FolderRepository(db);
  const acls = new AclRepository(db);
  const tags = new TagRepository(db);
  // One clock for every Object Lock decision of this server; tests move it (RetentionClock).
  const clock = new RetentionClock();
  const objects = new ObjectStore({
    ...dedup,
    versions: versionRows,
    folders,
    sideData: new VersionSideData(acls, tags),
    clock,
    chunking,
    hashing,
  });
  const locks = dedup.locks;
  const multipart = new MultipartStore({
    ...dedup,
    uploads,
    completions: new CompletedUploadRepository(db),
    locks,
    objects,
    versions: versionRows,
  });
  const context: Context = {
    config,
    buckets: new BucketStore(new BucketRepository(db), acls),
    policies: new BucketPolicyStore(new BucketDocumentRepository(db, 'bucket_policies')),
    cors: new CorsStore(new BucketDocumentRepository(db, 'bucket_cors')),
    encryption: new BucketEncryptionStore(new BucketDocumentRepository(db, 'bucket_encryption')),
    controls: new BucketControlsStore(
      new BucketDocumentRepository(db, 'bucket_public_access_blocks'),
      new BucketDocumentRepository(db, 'bucket_ownership_controls'),
    ),
    bucketTags: new BucketTagStore(tags),
    lifecycle: new LifecycleStore(new BucketDocumentRepository(db, 'bucket_lifecycle')),
    objects,
    objectLocks: new ObjectLockStore({ versions: versionRows, locks: dedup.locks, clock }),
    clock,
    listings: new ListingStore(versionRows, folders),
    multipart,
    leases: new LeaseStore(locks, log),
    accounts: new AccountDirectory(new AccountRepository(db)),
    keys,
    hashing,
  };
  const lifecycle = new LifecycleExecutor(
    {
      ...context,
      locks,
      cursors: new LifecycleCursorRepository(db),
      observer: lifecycleObserver,
      log,
    },
    { daySeconds: config.lifecycleDaySeconds, batch: config.lifecycleBatch },
  );
  return { context, dedup, lifecycle };
}
