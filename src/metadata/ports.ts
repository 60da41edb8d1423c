import type { AclRepository } from './acl-repository.js';
import type { BlobRepository } from './blob-repository.js';
import type { BlockRefRepository } from './block-ref-repository.js';
import type { BlockStateRepository } from './block-state-repository.js';
import type { BucketDocumentRepository } from './bucket-document-repository.js';
import type { BucketRepository } from './bucket-repository.js';
import type { CompletedUploadRepository } from './completed-upload-repository.js';
import type { FolderRepository } from './folder-repository.js';
import type { GcQueue } from './gc-queue.js';
import type { LifecycleCursorRepository } from './lifecycle-cursor-repository.js';
import type { LockRepository } from './lock-repository.js';
import type { RechunkQueue } from './rechunk-queue.js';
import type { TagRepository } from './tag-repository.js';
import type { UploadRepository } from './upload-repository.js';
import type { VersionRepository } from './version-repository.js';

/**
 * The public face of a class. A class with a private field is nominal in TypeScript, so only its
 * public members make an interface that another implementation (the in-memory fakes of
 * metadata/memory/) can satisfy.
 */
type Public<T> = { [K in keyof T]: T[K] };

/**
 * What storage/ depends on: the repositories as interfaces. The Cassandra classes are the
 * production implementation, metadata/memory/ the fakes of the unit tests; the contract suites
 * of metadata/contract/ hold both to the same behaviour.
 */
export type BlobRows = Public<BlobRepository>;
export type BlockRefRows = Public<BlockRefRepository>;
export type BlockStateRows = Public<BlockStateRepository>;
export type GcQueueRows = Public<GcQueue>;
export type VersionRows = Public<VersionRepository>;
export type FolderRows = Public<FolderRepository>;
export type UploadRows = Public<UploadRepository>;
export type CompletedUploadRows = Public<CompletedUploadRepository>;
export type LockRows = Public<LockRepository>;
export type AclRows = Public<AclRepository>;
export type BucketRows = Public<BucketRepository>;
export type RechunkQueueRows = Public<RechunkQueue>;
export type BucketDocumentRows = Public<BucketDocumentRepository>;
export type TagRows = Public<TagRepository>;
export type LifecycleCursorRows = Public<LifecycleCursorRepository>;

/** Every repository on one database, under the names the storage deps give them. */
export interface MetadataRows {
  blobs: BlobRows;
  refs: BlockRefRows;
  states: BlockStateRows;
  gcQueue: GcQueueRows;
  versions: VersionRows;
  folders: FolderRows;
  uploads: UploadRows;
  completions: CompletedUploadRows;
  locks: LockRows;
  acls: AclRows;
  buckets: BucketRows;
  rechunks: RechunkQueueRows;
  tags: TagRows;
}
