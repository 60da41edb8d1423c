/**
 * One row of each table of metadata/schema.ts that the fakes hold, column for column. Regular
 * columns read as null when unset, as in CQL; `bigint` columns hold numbers.
 */
type Text = string | null;
type Num = number | null;
type Time = Date | null;
type TextMap = Record<string, string> | null;

export interface BucketRow {
  name: string;
  owner: Text;
  created_at: Time;
  acl: Text;
  versioning: Text;
  region: Text;
  tagged_objects?: boolean | null;
  object_lock?: Text;
}
export interface ObjectRow {
  bucket: string;
  key: string;
  version_id: Text;
  size: Num;
  etag: Text;
  last_modified: Time;
}
export interface VersionRow {
  bucket: string;
  key: string;
  version_id: string;
  size: Num;
  etag: Text;
  last_modified: Time;
  content_type: Text;
  headers: TextMap;
  user_meta: TextMap;
  checksum_algorithm: Text;
  checksum: Text;
  checksum_type: Text;
  parts_count: Num;
  is_delete_marker: boolean | null;
  null_version: boolean | null;
  inline_data: Buffer | null;
  encryption: Text;
  lock_mode?: Text;
  lock_until?: Time;
  legal_hold?: boolean | null;
}
export interface VersionPartRow {
  version_id: string;
  part_number: number;
  blob_id: Text;
  start: Num;
  size: Num;
  etag: Text;
  checksum: Text;
  blob_offset: Num;
}
export interface BlobRow {
  blob_id: string;
  state: Text;
  size: Num;
  created_at: Time;
}
export interface BlobBlockRow {
  blob_id: string;
  offset: number;
  hash: Text;
  size: Num;
  sealed: Buffer | null;
}
export interface BlobIntentRow {
  shard: number;
  blob_id: string;
  reason: string;
  since: Time;
  owner: Text;
}
export interface BlockRefRow {
  hash: string;
  blob_id: string;
}
export interface BlockStateRow {
  hash: string;
  state: Text;
  size: Num;
  updated_at: Time;
}
export interface GcQueueRow {
  shard: number;
  enqueued: string;
  hash: string;
}
export interface RechunkQueueRow {
  shard: number;
  version_id: string;
  bucket: string;
  key: string;
}
export interface LockRow {
  name: string;
  owner: Text;
  acquired_at: Time;
}
export interface FolderChildRow {
  bucket: string;
  parent: string;
  child: string;
  size: Num;
  etag: Text;
  last_modified: Time;
}
export interface UploadRow {
  bucket: string;
  key: string;
  upload_id: string;
  initiated: Time;
  owner: Text;
  content_type: Text;
  headers: TextMap;
  user_meta: TextMap;
  checksum_algorithm: Text;
  checksum_type: Text;
  grants: string[] | null;
  tags?: TextMap;
  encryption?: Text;
  object_lock?: Text;
}
export interface UploadPartRow {
  upload_id: string;
  part_number: number;
  blob_id: Text;
  size: Num;
  etag: Text;
  checksum: Text;
  last_modified: Time;
}
export interface CompletedUploadRow {
  upload_id: string;
  bucket: Text;
  key: Text;
  version_id: Text;
  etag: Text;
  checksum_algorithm: Text;
  checksum: Text;
  checksum_type: Text;
}
export interface VersionKeyRow {
  bucket: string;
  key: string;
}
export interface BucketAclRow {
  bucket: string;
  bucket_created: Time;
  grants: string[] | null;
}
export interface ObjectAclRow {
  bucket: string;
  key: string;
  version_id: string;
  grants: string[] | null;
}
export interface ObjectTagRow {
  bucket: string;
  key: string;
  version_id: string;
  tags: TextMap;
}
export interface BucketTagRow {
  bucket: string;
  bucket_created: Time;
  tags: TextMap;
}
