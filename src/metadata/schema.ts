/**
 * Versioned schema migrations of the `ok_s3` keyspace. Append only: a released migration is never
 * edited, a change is a new entry. Every table is described in docs/ARCHITECTURE.md.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'buckets, objects, blocks, locks, folders, multipart',
    statements: [
      `CREATE TABLE IF NOT EXISTS buckets (
        name text PRIMARY KEY, owner text, created_at timestamp, acl text, versioning text, region text)`,
      // Flat, byte-ordered index of the current version of every key: ListObjects pages.
      `CREATE TABLE IF NOT EXISTS objects (
        bucket text, key text, version_id timeuuid, size bigint, etag text, last_modified timestamp,
        PRIMARY KEY ((bucket), key))`,
      `CREATE TABLE IF NOT EXISTS object_versions (
        bucket text, key text, version_id timeuuid, size bigint, etag text, last_modified timestamp,
        content_type text, headers map<text, text>, user_meta map<text, text>,
        checksum_algorithm text, checksum text, checksum_type text,
        parts_count int, is_delete_marker boolean, null_version boolean,
        PRIMARY KEY ((bucket, key), version_id)) WITH CLUSTERING ORDER BY (version_id DESC)`,
      // The segments of a version, in order: one for a PUT, one per part for a multipart object.
      `CREATE TABLE IF NOT EXISTS version_parts (
        version_id timeuuid, part_number int, blob_id timeuuid, start bigint, size bigint, etag text,
        checksum text, PRIMARY KEY ((version_id), part_number))`,
      // A blob is an ordered list of blocks written by one PUT body or one uploaded part.
      `CREATE TABLE IF NOT EXISTS blobs (
        blob_id timeuuid PRIMARY KEY, state text, size bigint, block_count int, created_at timestamp)`,
      `CREATE TABLE IF NOT EXISTS blob_blocks (
        blob_id timeuuid, offset bigint, hash text, size int, PRIMARY KEY ((blob_id), offset))`,
      // Intents the sweeper finishes after a crash: a blob being written ('write') or being
      // released by the deletion of its owner ('release'). Sharded to keep partitions small.
      `CREATE TABLE IF NOT EXISTS blob_intents (
        shard int, blob_id timeuuid, reason text, since timestamp, owner text,
        PRIMARY KEY ((shard), blob_id, reason))`,
      // One row per (block, referencing blob): idempotent to write, row count = reference count.
      `CREATE TABLE IF NOT EXISTS block_refs (hash text, blob_id timeuuid, PRIMARY KEY ((hash), blob_id))`,
      // Block state machine, moved only by lightweight transactions: UPLOADING -> ONLINE -> REMOVING -> gone.
      `CREATE TABLE IF NOT EXISTS block_state (
        hash text PRIMARY KEY, state text, size int, updated_at timestamp)`,
      // Blocks that lost a reference; examined by the collector after the grace period.
      `CREATE TABLE IF NOT EXISTS gc_queue (
        shard int, enqueued timeuuid, hash text, PRIMARY KEY ((shard), enqueued, hash))`,
      `CREATE TABLE IF NOT EXISTS locks (name text PRIMARY KEY, owner text, acquired_at timestamp)`,
      // Hierarchical folders: parent folder -> children (sub-folders end with '/').
      `CREATE TABLE IF NOT EXISTS folder_children (
        bucket text, parent text, child text, size bigint, etag text, last_modified timestamp,
        PRIMARY KEY ((bucket, parent), child))`,
      `CREATE TABLE IF NOT EXISTS multipart_uploads (
        bucket text, key text, upload_id timeuuid, initiated timestamp, owner text, content_type text,
        headers map<text, text>, user_meta map<text, text>, checksum_algorithm text,
        PRIMARY KEY ((bucket), key, upload_id))`,
      `CREATE TABLE IF NOT EXISTS upload_parts (
        upload_id timeuuid, part_number int, blob_id timeuuid, size bigint, etag text, checksum text,
        last_modified timestamp, PRIMARY KEY ((upload_id), part_number))`,
    ],
  },
  {
    version: 2,
    name: 'completed multipart uploads',
    statements: [
      // What a CompleteMultipartUpload produced, so a retried Complete answers the same; also the
      // mark that tells a retry after a crash whether the version was committed. Kept for a day.
      `CREATE TABLE IF NOT EXISTS completed_uploads (
        upload_id timeuuid PRIMARY KEY, bucket text, key text, version_id timeuuid, etag text,
        checksum_algorithm text, checksum text, checksum_type text)
        WITH default_time_to_live = 86400`,
    ],
  },
  {
    version: 3,
    name: 'accounts, access keys, bucket and object ACLs',
    statements: [
      `CREATE TABLE IF NOT EXISTS accounts (
        account_id text PRIMARY KEY, name text, status text, created_at timestamp)`,
      // Name -> canonical id, claimed with an LWT so a name is never given twice.
      `CREATE TABLE IF NOT EXISTS account_names (name text PRIMARY KEY, account_id text)`,
      // The per-request lookup. `secret` is sealed with AES-256-GCM (accounts/secret-box.ts), never plaintext.
      `CREATE TABLE IF NOT EXISTS access_keys (
        access_key_id text PRIMARY KEY, account_id text, secret text, status text, created_at timestamp)`,
      `CREATE TABLE IF NOT EXISTS account_keys (
        account_id text, access_key_id text, PRIMARY KEY ((account_id), access_key_id))`,
      // Explicit bucket ACLs, valid only for the bucket created at bucket_created (a re-created
      // bucket does not inherit them); grants are 'PERMISSION id:<canonical id>' / 'PERMISSION uri:<group>'.
      `CREATE TABLE IF NOT EXISTS bucket_acls (bucket text PRIMARY KEY, bucket_created timestamp, grants list<text>)`,
      // Explicit object ACLs, one per version: overwriting a key resets its ACL.
      `CREATE TABLE IF NOT EXISTS object_acls (
        bucket text, key text, version_id timeuuid, grants list<text>,
        PRIMARY KEY ((bucket, key), version_id))`,
    ],
  },
  {
    version: 4,
    name: 'bucket versioning: keys with versions',
    statements: [
      // Every key that has at least one version, delete markers included: ListObjectVersions pages.
      `CREATE TABLE IF NOT EXISTS version_keys (bucket text, key text, PRIMARY KEY ((bucket), key))`,
    ],
  },
  {
    version: 5,
    name: 'small objects inline',
    statements: [
      // Objects up to OKS3_INLINE_MAX_BYTES live in their version row: one read serves them.
      'ALTER TABLE object_versions ADD IF NOT EXISTS inline_data blob',
    ],
  },
  {
    version: 6,
    name: 'the ACL a multipart upload asked for',
    statements: [
      // x-amz-acl / x-amz-grant-* of CreateMultipartUpload, given to the object at Complete.
      'ALTER TABLE multipart_uploads ADD IF NOT EXISTS grants list<text>',
    ],
  },
  {
    version: 7,
    name: 'drop blobs.block_count',
    statements: [
      // Never written with a real value (always 0); a block list is counted from block_refs.
      'ALTER TABLE blobs DROP IF EXISTS block_count',
    ],
  },
  {
    version: 8,
    name: 're-chunked part edges',
    statements: [
      // A part's offset in its blob: set when a multipart object's parts move into one blob.
      'ALTER TABLE version_parts ADD IF NOT EXISTS blob_offset bigint',
      // Multipart versions whose part edges wait to be re-chunked, in a few shards by version id.
      `CREATE TABLE IF NOT EXISTS rechunk_queue (
        shard int, version_id timeuuid, bucket text, key text, PRIMARY KEY ((shard), version_id))`,
    ],
  },
  {
    version: 9,
    name: 'store settings',
    statements: [
      // Facts about the stored data that every server must agree on, e.g. the chunking sizes.
      'CREATE TABLE IF NOT EXISTS store_settings (name text PRIMARY KEY, value text)',
    ],
  },
  {
    version: 10,
    name: 'bucket policies',
    statements: [
      // The policy document of a bucket, as PutBucketPolicy received it, valid only for the bucket
      // created at bucket_created (a re-created bucket does not inherit it), like bucket_acls.
      'CREATE TABLE IF NOT EXISTS bucket_policies (bucket text PRIMARY KEY, bucket_created timestamp, policy text)',
    ],
  },
  {
    version: 11,
    name: 'bucket cors',
    statements: [
      // The CORS rules of a bucket (JSON, as storage/cors-store.ts writes them), valid only for the
      // bucket created at bucket_created, like bucket_policies.
      'CREATE TABLE IF NOT EXISTS bucket_cors (bucket text PRIMARY KEY, bucket_created timestamp, rules text)',
    ],
  },
  {
    version: 12,
    name: 'account e-mail addresses',
    statements: [
      // An account's e-mail address, for ACL grants by e-mail (resolved to the canonical id).
      'ALTER TABLE accounts ADD IF NOT EXISTS email text',
      // e-mail -> account id, claimed with an LWT so an address names one account at most.
      'CREATE TABLE IF NOT EXISTS account_emails (email text PRIMARY KEY, account_id text)',
    ],
  },
  {
    version: 13,
    name: 'multipart checksum type',
    statements: [
      // COMPOSITE or FULL_OBJECT (x-amz-checksum-type at CreateMultipartUpload); null = COMPOSITE.
      'ALTER TABLE multipart_uploads ADD IF NOT EXISTS checksum_type text',
    ],
  },
  {
    version: 14,
    name: 'block public access and object ownership',
    statements: [
      // A bucket's PublicAccessBlockConfiguration (JSON of its four flags) and its Object Ownership
      // setting, each valid only for the bucket created at bucket_created, like bucket_policies.
      // No row: the bucket behaves as before these settings existed (no block, ObjectWriter).
      'CREATE TABLE IF NOT EXISTS bucket_public_access_blocks (bucket text PRIMARY KEY, bucket_created timestamp, value text)',
      'CREATE TABLE IF NOT EXISTS bucket_ownership_controls (bucket text PRIMARY KEY, bucket_created timestamp, value text)',
    ],
  },
  {
    version: 15,
    name: 'object and bucket tags',
    statements: [
      // The tag set of one object version (side data: deleted with the version), in key order.
      `CREATE TABLE IF NOT EXISTS object_tags (
        bucket text, key text, version_id timeuuid, tags map<text, text>,
        PRIMARY KEY ((bucket, key), version_id))`,
      // The tag set of a bucket, valid only for the bucket created at bucket_created, like bucket_acls.
      'CREATE TABLE IF NOT EXISTS bucket_tags (bucket text PRIMARY KEY, bucket_created timestamp, tags map<text, text>)',
      // x-amz-tagging of CreateMultipartUpload, given to the object at Complete (like `grants`).
      'ALTER TABLE multipart_uploads ADD IF NOT EXISTS tags map<text, text>',
      // Set once an object of the bucket gets tags; until then GET/HEAD skip reading object_tags.
      'ALTER TABLE buckets ADD IF NOT EXISTS tagged_objects boolean',
    ],
  },
  {
    version: 16,
    name: 'bucket lifecycle',
    statements: [
      // The lifecycle rules of a bucket (JSON, as storage/lifecycle-store.ts writes them), valid only
      // for the bucket created at bucket_created, like bucket_policies.
      'CREATE TABLE IF NOT EXISTS bucket_lifecycle (bucket text PRIMARY KEY, bucket_created timestamp, value text)',
      // Where the lifecycle executor's walk of a bucket stands (phase, last key and upload done), so
      // a restart or another server goes on from there; no row: the next walk starts at the top.
      `CREATE TABLE IF NOT EXISTS lifecycle_cursors (
        bucket text PRIMARY KEY, bucket_created timestamp, phase text, after_key text, after_upload text)`,
    ],
  },
  {
    version: 17,
    name: 'object lock',
    statements: [
      // A lock bucket's configuration (JSON: its default retention), written with the bucket row in
      // CreateBucket's LWT; null = not a lock bucket. On the cached row, so writes read it for free.
      'ALTER TABLE buckets ADD IF NOT EXISTS object_lock text',
      // A version's retention and legal hold, on its row so GET and HEAD stay one read.
      'ALTER TABLE object_versions ADD IF NOT EXISTS lock_mode text',
      'ALTER TABLE object_versions ADD IF NOT EXISTS lock_until timestamp',
      'ALTER TABLE object_versions ADD IF NOT EXISTS legal_hold boolean',
      // The retention and legal hold CreateMultipartUpload asked for (JSON), given at Complete.
      'ALTER TABLE multipart_uploads ADD IF NOT EXISTS object_lock text',
    ],
  },
  {
    version: 18,
    name: 'server-side encryption',
    statements: [
      // A version's SSE-S3/SSE-KMS settings (JSON of ObjectEncryption); null = stored in the clear.
      'ALTER TABLE object_versions ADD IF NOT EXISTS encryption text',
      // An encrypted block's plaintext SHA-256, encrypted under the object's key and bound to the
      // block's name (storage/encryption/block-cipher.ts); null for a block in the clear.
      'ALTER TABLE blob_blocks ADD IF NOT EXISTS sealed blob',
      // The encryption a multipart upload's parts are sealed with and its object gets at Complete.
      'ALTER TABLE multipart_uploads ADD IF NOT EXISTS encryption text',
      // A bucket's default encryption (JSON), valid only for the bucket created at bucket_created.
      'CREATE TABLE IF NOT EXISTS bucket_encryption (bucket text PRIMARY KEY, bucket_created timestamp, value text)',
    ],
  },
  {
    version: 19,
    name: 'scrub progress',
    statements: [
      // The scrubber's one row: the round in progress (its start, the last block file verified,
      // the damaged blocks found so far) and the report of the last finished round.
      `CREATE TABLE IF NOT EXISTS scrub_progress (
        name text PRIMARY KEY, round_started timestamp, cursor text, found text,
        last_report text, last_finished timestamp)`,
    ],
  },
];
