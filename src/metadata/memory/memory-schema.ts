import type { Clock } from './clock.js';
import { descending, numberOrder, textOrder, timeuuidOrder } from './cql-order.js';
import type {
  BlobBlockRow,
  BlobIntentRow,
  BlobRow,
  BlockRefRow,
  BlockStateRow,
  BucketAclRow,
  BucketRow,
  BucketTagRow,
  CompletedUploadRow,
  FolderChildRow,
  GcQueueRow,
  LockRow,
  ObjectAclRow,
  ObjectRow,
  ObjectTagRow,
  RechunkQueueRow,
  UploadPartRow,
  UploadRow,
  VersionKeyRow,
  VersionPartRow,
  VersionRow,
} from './memory-rows.js';
import { MemoryTable, type TableSchema } from './memory-table.js';

const text = textOrder;
const int = numberOrder;
const timeuuid = timeuuidOrder;

function table<R extends object>(now: Clock, schema: TableSchema<R>): MemoryTable<R> {
  return new MemoryTable(schema, now);
}

/**
 * The tables of metadata/schema.ts that storage uses, with the same keys and clustering orders:
 * a fresh, empty set reading time from `now`.
 */
export function createTables(now: Clock) {
  return {
    buckets: table<BucketRow>(now, {
      partitionKey: ['name'],
      clustering: [],
      columns: ['owner', 'created_at', 'acl', 'versioning', 'region', 'tagged_objects', 'object_lock'],
    }),
    objects: table<ObjectRow>(now, {
      partitionKey: ['bucket'],
      clustering: [{ column: 'key', order: text }],
      columns: ['version_id', 'size', 'etag', 'last_modified'],
    }),
    objectVersions: table<VersionRow>(now, {
      partitionKey: ['bucket', 'key'],
      clustering: [{ column: 'version_id', order: descending(timeuuid) }],
      columns: [
        'size',
        'etag',
        'last_modified',
        'content_type',
        'headers',
        'user_meta',
        'checksum_algorithm',
        'checksum',
        'checksum_type',
        'parts_count',
        'is_delete_marker',
        'null_version',
        'inline_data',
        'encryption',
        'lock_mode',
        'lock_until',
        'legal_hold',
      ],
    }),
    versionParts: table<VersionPartRow>(now, {
      partitionKey: ['version_id'],
      clustering: [{ column: 'part_number', order: int }],
      columns: ['blob_id', 'start', 'size', 'etag', 'checksum', 'blob_offset'],
    }),
    blobs: table<BlobRow>(now, {
      partitionKey: ['blob_id'],
      clustering: [],
      columns: ['state', 'size', 'created_at'],
    }),
    blobBlocks: table<BlobBlockRow>(now, {
      partitionKey: ['blob_id'],
      clustering: [{ column: 'offset', order: int }],
      columns: ['hash', 'size', 'sealed'],
    }),
    blobIntents: table<BlobIntentRow>(now, {
      partitionKey: ['shard'],
      clustering: [
        { column: 'blob_id', order: timeuuid },
        { column: 'reason', order: text },
      ],
      columns: ['since', 'owner'],
    }),
    blockRefs: table<BlockRefRow>(now, {
      partitionKey: ['hash'],
      clustering: [{ column: 'blob_id', order: timeuuid }],
      columns: [],
    }),
    blockState: table<BlockStateRow>(now, {
      partitionKey: ['hash'],
      clustering: [],
      columns: ['state', 'size', 'updated_at'],
    }),
    gcQueue: table<GcQueueRow>(now, {
      partitionKey: ['shard'],
      clustering: [
        { column: 'enqueued', order: timeuuid },
        { column: 'hash', order: text },
      ],
      columns: [],
    }),
    rechunkQueue: table<RechunkQueueRow>(now, {
      partitionKey: ['shard'],
      clustering: [{ column: 'version_id', order: timeuuid }],
      columns: ['bucket', 'key'],
    }),
    locks: table<LockRow>(now, { partitionKey: ['name'], clustering: [], columns: ['owner', 'acquired_at'] }),
    folderChildren: table<FolderChildRow>(now, {
      partitionKey: ['bucket', 'parent'],
      clustering: [{ column: 'child', order: text }],
      columns: ['size', 'etag', 'last_modified'],
    }),
    uploads: table<UploadRow>(now, {
      partitionKey: ['bucket'],
      clustering: [
        { column: 'key', order: text },
        { column: 'upload_id', order: timeuuid },
      ],
      columns: [
        'initiated',
        'owner',
        'content_type',
        'headers',
        'user_meta',
        'checksum_algorithm',
        'checksum_type',
        'grants',
        'tags',
        'encryption',
        'object_lock',
      ],
    }),
    uploadParts: table<UploadPartRow>(now, {
      partitionKey: ['upload_id'],
      clustering: [{ column: 'part_number', order: int }],
      columns: ['blob_id', 'size', 'etag', 'checksum', 'last_modified'],
    }),
    completedUploads: table<CompletedUploadRow>(now, {
      partitionKey: ['upload_id'],
      clustering: [],
      columns: ['bucket', 'key', 'version_id', 'etag', 'checksum_algorithm', 'checksum', 'checksum_type'],
      defaultTtlSeconds: 86400,
    }),
    versionKeys: table<VersionKeyRow>(now, {
      partitionKey: ['bucket'],
      clustering: [{ column: 'key', order: text }],
      columns: [],
    }),
    bucketAcls: table<BucketAclRow>(now, {
      partitionKey: ['bucket'],
      clustering: [],
      columns: ['bucket_created', 'grants'],
    }),
    objectAcls: table<ObjectAclRow>(now, {
      partitionKey: ['bucket', 'key'],
      clustering: [{ column: 'version_id', order: timeuuid }],
      columns: ['grants'],
    }),
    objectTags: table<ObjectTagRow>(now, {
      partitionKey: ['bucket', 'key'],
      clustering: [{ column: 'version_id', order: timeuuid }],
      columns: ['tags'],
    }),
    bucketTags: table<BucketTagRow>(now, {
      partitionKey: ['bucket'],
      clustering: [],
      columns: ['bucket_created', 'tags'],
    }),
  };
}

export type MemoryTables = ReturnType<typeof createTables>;

/** Collections as Cassandra stores them: an empty list or map is no value at all (null). */
export function collection<T extends object>(value: T | null | undefined): T | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : ([...value] as T);
  return Object.keys(value).length === 0 ? null : { ...value };
}
