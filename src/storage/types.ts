/**
 * The domain types the S3 layer works with, re-exported so that actions depend on the storage door
 * only, never on the repositories behind it.
 */

export type {
  Bucket,
  CannedAcl,
  DefaultRetention,
  ObjectLockConfig,
  VersioningState,
} from '../metadata/bucket-repository.js';
export type { FolderEntry } from '../metadata/folder-repository.js';
export type {
  ListedObject,
  ObjectEncryption,
  ObjectVersion,
  Retention,
  RetentionMode,
  StoredChecksum,
  VersionLock,
  VersionSegment,
} from '../metadata/object-types.js';
export { s3VersionId } from '../metadata/object-types.js';
export type { Tag } from '../metadata/tag-repository.js';
export type { MultipartUpload, UploadCursor, UploadedPart } from '../metadata/upload-repository.js';
export { prefixEnd } from '../metadata/version-repository.js';
export type { ByteRange } from './dedup/blob-reader.js';
export type { CompletionChoice } from './dedup/upload-completion.js';
export type { DeleteOutcome } from './object-store.js';
