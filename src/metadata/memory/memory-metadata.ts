import type { MetadataRows } from '../ports.js';
import { type Clock, systemClock } from './clock.js';
import { MemoryAclRepository } from './memory-acl-repository.js';
import { MemoryBlobRepository } from './memory-blob-repository.js';
import { MemoryBlockRefRepository } from './memory-block-ref-repository.js';
import { MemoryBlockStateRepository } from './memory-block-state-repository.js';
import { MemoryBucketRepository } from './memory-bucket-repository.js';
import { MemoryCompletedUploadRepository } from './memory-completed-upload-repository.js';
import { MemoryDb } from './memory-db.js';
import { MemoryFolderRepository } from './memory-folder-repository.js';
import { MemoryGcQueue } from './memory-gc-queue.js';
import { MemoryLockRepository } from './memory-lock-repository.js';
import { MemoryRechunkQueue } from './memory-rechunk-queue.js';
import { MemoryTagRepository } from './memory-tag-repository.js';
import { MemoryUploadRepository } from './memory-upload-repository.js';
import { MemoryVersionRepository } from './memory-version-repository.js';

/** Every fake repository on one fresh MemoryDb (exposed for tests that inspect the tables). */
export function memoryMetadata(clock: Clock = systemClock): MetadataRows & { db: MemoryDb } {
  const db = new MemoryDb(clock);
  return {
    db,
    blobs: new MemoryBlobRepository(db),
    refs: new MemoryBlockRefRepository(db),
    states: new MemoryBlockStateRepository(db),
    gcQueue: new MemoryGcQueue(db),
    versions: new MemoryVersionRepository(db),
    folders: new MemoryFolderRepository(db),
    uploads: new MemoryUploadRepository(db),
    completions: new MemoryCompletedUploadRepository(db),
    locks: new MemoryLockRepository(db),
    acls: new MemoryAclRepository(db),
    buckets: new MemoryBucketRepository(db),
    rechunks: new MemoryRechunkQueue(db),
    tags: new MemoryTagRepository(db),
  };
}
