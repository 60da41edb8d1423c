export interface StoredChecksum {
  algorithm: string;
  value: string;
  /** FULL_OBJECT or COMPOSITE (multipart). */
  type: string;
}

/** Server-side encryption of a version (SSE-S3 or SSE-KMS), as S3 reports it. */
export interface ObjectEncryption {
  algorithm: 'AES256' | 'aws:kms';
  /** The key ring's id of the SSE-KMS key; absent for AES256. */
  kmsKeyId?: string;
  /** x-amz-server-side-encryption-context as sent (base64 JSON), SSE-KMS only. */
  context?: string;
  bucketKeyEnabled?: boolean;
}

export interface ObjectVersion {
  bucket: string;
  key: string;
  versionId: string;
  size: number;
  etag: string;
  lastModified: Date;
  contentType: string;
  /** Stored standard headers: content-disposition, content-encoding, cache-control, expires, content-language. */
  headers: Record<string, string>;
  /** User metadata, names without the x-amz-meta- prefix. */
  userMeta: Record<string, string>;
  checksum: StoredChecksum | null;
  /** Number of parts for a multipart object, null for a single PUT. */
  partsCount: number | null;
  isDeleteMarker: boolean;
  /** Written while versioning was off or suspended: S3 calls its version id "null". */
  nullVersion: boolean;
  /** The bytes of a small object stored in its version row instead of blocks (then no parts); sealed when encrypted. */
  inline: Buffer | null;
  /** null: stored in the clear. Blocks and inline bytes are then sealed (storage/encryption/). */
  encryption: ObjectEncryption | null;
  /** Object Lock retention: no delete (nor shorter retention) before `until`; absent = none. */
  retention?: Retention;
  /** Object Lock legal hold: no delete while true, whatever the retention; absent = never set. */
  legalHold?: boolean;
}

/** S3's two retention modes: GOVERNANCE may be bypassed with a permission, COMPLIANCE by nobody. */
export type RetentionMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface Retention {
  mode: RetentionMode;
  until: Date;
}

/** What a write asks of Object Lock for the version it makes (headers, form fields). */
export interface VersionLock {
  retention?: Retention;
  legalHold?: boolean;
}

/** The version id S3 clients see. */
export function s3VersionId(v: Pick<ObjectVersion, 'versionId' | 'nullVersion'>): string {
  return v.nullVersion ? 'null' : v.versionId;
}

/** One segment of a version: the blob of a PUT body, or of one part of a multipart upload. */
export interface VersionSegment {
  partNumber: number;
  blobId: string;
  /** Offset of this part's first byte within the object. */
  start: number;
  size: number;
  etag: string;
  checksum: string | null;
  /**
   * Where this part's first byte lies in its blob: absent (0) while each part has a blob of its
   * own; its `start` once the part edges were re-chunked into one blob for the whole object
   * (storage/dedup/part-edges.ts).
   */
  blobOffset?: number;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}
