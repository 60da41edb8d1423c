import cassandra from 'cassandra-driver';
import type { CqlClient } from './cassandra-client.js';
import type { ObjectEncryption, RetentionMode, VersionLock } from './object-types.js';
import { type Tag, tagList } from './tag-repository.js';

type Row = cassandra.types.Row;

export interface MultipartUpload {
  bucket: string;
  key: string;
  uploadId: string;
  initiated: Date;
  owner: string;
  contentType: string;
  headers: Record<string, string>;
  userMeta: Record<string, string>;
  /** Upper-case algorithm from x-amz-checksum-algorithm, or null. */
  checksumAlgorithm: string | null;
  /** COMPOSITE or FULL_OBJECT with an algorithm (uploads from before the column: COMPOSITE), else null. */
  checksumType: string | null;
  /** The object ACL the upload asked for, in the stored grant form; null = private. */
  grants: string[] | null;
  /** The tags (x-amz-tagging) the object will get at Complete; absent = none. */
  tags?: Tag[];
  /** SSE of the parts and of the object (CreateMultipartUpload's headers or bucket default); absent = none. */
  encryption?: ObjectEncryption;
  /** The retention and legal hold (x-amz-object-lock-*) the object will get at Complete. */
  lock?: VersionLock;
}

export interface UploadedPart {
  partNumber: number;
  blobId: string;
  size: number;
  etag: string;
  checksum: string | null;
  lastModified: Date;
}

/** Where a listing of uploads starts: after a key, or after one upload of a key. */
export interface UploadCursor {
  key: string;
  uploadId?: string;
  inclusive: boolean;
}

/** Multipart uploads (`multipart_uploads`), their parts (`upload_parts`) and completion records. */
export class UploadRepository {
  constructor(private readonly db: CqlClient) {}

  newId(): string {
    return cassandra.types.TimeUuid.now().toString();
  }

  async create(u: MultipartUpload): Promise<void> {
    await this.db.execute(
      `INSERT INTO multipart_uploads (bucket, key, upload_id, initiated, owner, content_type, headers, user_meta,
        checksum_algorithm, checksum_type, grants, tags, encryption, object_lock)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        u.bucket,
        u.key,
        u.uploadId,
        u.initiated,
        u.owner,
        u.contentType,
        u.headers,
        u.userMeta,
        u.checksumAlgorithm,
        u.checksumType,
        u.grants,
        u.tags?.length ? Object.fromEntries(u.tags.map((t) => [t.key, t.value])) : null,
        u.encryption ? JSON.stringify(u.encryption) : null,
        encodeUploadLock(u.lock),
      ],
    );
  }

  async get(bucket: string, key: string, uploadId: string): Promise<MultipartUpload | undefined> {
    const rs = await this.db.execute(
      'SELECT * FROM multipart_uploads WHERE bucket = ? AND key = ? AND upload_id = ?',
      [bucket, key, uploadId],
    );
    const row = rs.first();
    return row ? toUpload(row) : undefined;
  }

  async delete(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.db.execute('DELETE FROM multipart_uploads WHERE bucket = ? AND key = ? AND upload_id = ?', [
      bucket,
      key,
      uploadId,
    ]);
  }

  /** A page of a bucket's uploads in (key, initiation) order, from `from` and below `endKey`. */
  async list(bucket: string, from: UploadCursor, endKey: string | undefined, limit: number) {
    const params: unknown[] = [bucket];
    let cql = 'SELECT * FROM multipart_uploads WHERE bucket = ?';
    if (from.uploadId !== undefined) {
      cql += ' AND (key, upload_id) > (?, ?)';
      params.push(from.key, from.uploadId);
    } else {
      cql += from.inclusive ? ' AND (key) >= (?)' : ' AND (key) > (?)';
      params.push(from.key);
    }
    if (endKey !== undefined) {
      cql += ' AND (key) < (?)';
      params.push(endKey);
    }
    const rs = await this.db.execute(`${cql} LIMIT ?`, [...params, limit]);
    return rs.rows.map(toUpload);
  }

  /** Every upload of every bucket, paged: the expiry task's scan. */
  async *all(): AsyncGenerator<MultipartUpload> {
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute('SELECT * FROM multipart_uploads', [], { fetchSize: 500, pageState });
      for (const row of rs.rows) yield toUpload(row);
      pageState = rs.pageState ?? undefined;
    } while (pageState);
  }

  async part(uploadId: string, partNumber: number): Promise<UploadedPart | undefined> {
    const rs = await this.db.execute('SELECT * FROM upload_parts WHERE upload_id = ? AND part_number = ?', [
      uploadId,
      partNumber,
    ]);
    const row = rs.first();
    return row ? toPart(row) : undefined;
  }

  async putPart(uploadId: string, p: UploadedPart): Promise<void> {
    await this.db.execute(
      `INSERT INTO upload_parts (upload_id, part_number, blob_id, size, etag, checksum, last_modified)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [uploadId, p.partNumber, p.blobId, p.size, p.etag, p.checksum, p.lastModified],
    );
  }

  async deletePart(uploadId: string, partNumber: number): Promise<void> {
    await this.db.execute('DELETE FROM upload_parts WHERE upload_id = ? AND part_number = ?', [
      uploadId,
      partNumber,
    ]);
  }

  /** Parts numbered above `after`, in order, at most `limit`. */
  async parts(uploadId: string, after = 0, limit = 10_000): Promise<UploadedPart[]> {
    const out: UploadedPart[] = [];
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute(
        'SELECT * FROM upload_parts WHERE upload_id = ? AND part_number > ? LIMIT ?',
        [uploadId, after, limit],
        { fetchSize: 1000, pageState },
      );
      for (const row of rs.rows) out.push(toPart(row));
      pageState = rs.pageState ?? undefined;
    } while (pageState && out.length < limit);
    return out;
  }

  async deleteParts(uploadId: string): Promise<void> {
    await this.db.execute('DELETE FROM upload_parts WHERE upload_id = ?', [uploadId]);
  }
}

function toUpload(row: Row): MultipartUpload {
  return {
    bucket: row.get('bucket') as string,
    key: row.get('key') as string,
    uploadId: String(row.get('upload_id')),
    initiated: row.get('initiated') as Date,
    owner: (row.get('owner') as string | null) ?? '',
    contentType: (row.get('content_type') as string | null) ?? 'binary/octet-stream',
    headers: (row.get('headers') as Record<string, string> | null) ?? {},
    userMeta: (row.get('user_meta') as Record<string, string> | null) ?? {},
    checksumAlgorithm: (row.get('checksum_algorithm') as string | null) ?? null,
    checksumType: checksumTypeOf(row.get('checksum_algorithm'), row.get('checksum_type')),
    grants: (row.get('grants') as string[] | null) ?? null,
    ...withTags(tagList(row.get('tags'))),
    ...withEncryption(row.get('encryption') as string | null | undefined),
    ...decodeUploadLock(row.get('object_lock') as string | null),
  };
}

/** `multipart_uploads.object_lock`: JSON of the lock asked for; null = none. */
export function encodeUploadLock(lock: VersionLock | undefined): string | null {
  if (!lock || (lock.retention === undefined && lock.legalHold === undefined)) return null;
  return JSON.stringify(lock);
}

export function decodeUploadLock(text: string | null | undefined): { lock?: VersionLock } {
  if (!text) return {};
  const raw = JSON.parse(text) as { retention?: { mode: RetentionMode; until: string }; legalHold?: boolean };
  return {
    lock: {
      ...(raw.retention
        ? { retention: { mode: raw.retention.mode, until: new Date(raw.retention.until) } }
        : {}),
      ...(raw.legalHold === undefined ? {} : { legalHold: raw.legalHold }),
    },
  };
}

function toPart(row: Row): UploadedPart {
  return {
    partNumber: row.get('part_number') as number,
    blobId: String(row.get('blob_id')),
    size: Number(row.get('size')),
    etag: row.get('etag') as string,
    checksum: (row.get('checksum') as string | null) ?? null,
    lastModified: row.get('last_modified') as Date,
  };
}

/** The stored checksum type; an upload created before the column existed is COMPOSITE. */
export function checksumTypeOf(algorithm: unknown, type: unknown): string | null {
  if (typeof algorithm !== 'string') return null;
  return typeof type === 'string' ? type : 'COMPOSITE';
}

/** The `encryption` field of an upload: present only when it is encrypted. */
export function withEncryption(text: string | null | undefined): { encryption?: ObjectEncryption } {
  return text ? { encryption: JSON.parse(text) as ObjectEncryption } : {};
}

/** The `tags` field of an upload: present only when the upload has some. */
export function withTags(tags: Tag[]): { tags?: Tag[] } {
  return tags.length === 0 ? {} : { tags };
}
