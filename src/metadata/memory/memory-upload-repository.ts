import cassandra from 'cassandra-driver';
import type { UploadRows } from '../ports.js';
import { tagList } from '../tag-repository.js';
import {
  checksumTypeOf,
  decodeUploadLock,
  encodeUploadLock,
  type MultipartUpload,
  type UploadCursor,
  type UploadedPart,
  withEncryption,
  withTags,
} from '../upload-repository.js';
import { textOrder, timeuuidOrder } from './cql-order.js';
import type { MemoryDb } from './memory-db.js';
import type { UploadPartRow, UploadRow } from './memory-rows.js';
import { collection } from './memory-schema.js';

/** UploadRepository on a MemoryDb: `multipart_uploads` and `upload_parts`. */
export class MemoryUploadRepository implements UploadRows {
  constructor(private readonly db: MemoryDb) {}

  newId(): string {
    return cassandra.types.TimeUuid.now().toString();
  }

  async create(u: MultipartUpload): Promise<void> {
    await this.db.run(() =>
      this.db.tables.uploads.insert(
        {
          bucket: u.bucket,
          key: u.key,
          upload_id: u.uploadId,
          initiated: u.initiated,
          owner: u.owner,
          content_type: u.contentType,
          headers: collection(u.headers),
          user_meta: collection(u.userMeta),
          checksum_algorithm: u.checksumAlgorithm,
          checksum_type: u.checksumType,
          grants: collection(u.grants),
          tags: collection(Object.fromEntries((u.tags ?? []).map((t) => [t.key, t.value]))),
          encryption: u.encryption ? JSON.stringify(u.encryption) : null,
          object_lock: encodeUploadLock(u.lock),
        },
        { ts: this.db.timestamp() },
      ),
    );
  }

  get(bucket: string, key: string, uploadId: string): Promise<MultipartUpload | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.uploads.get({ bucket, key, upload_id: uploadId });
      return row ? toUpload(row) : undefined;
    });
  }

  async delete(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.uploads.deleteRow({ bucket, key, upload_id: uploadId }, this.db.timestamp()),
    );
  }

  /** The real slice: `(key, upload_id) > (?, ?)` or `(key) >[=] (?)`, then `(key) < (?)`, LIMIT. */
  list(bucket: string, from: UploadCursor, endKey: string | undefined, limit: number) {
    return this.db.run(() =>
      this.db.tables.uploads
        .select({ bucket })
        .filter((r) => {
          const byKey = textOrder(r.key, from.key);
          const after =
            from.uploadId !== undefined
              ? byKey > 0 || (byKey === 0 && timeuuidOrder(r.upload_id, from.uploadId) > 0)
              : from.inclusive
                ? byKey >= 0
                : byKey > 0;
          return after && (endKey === undefined || textOrder(r.key, endKey) < 0);
        })
        .slice(0, limit)
        .map(toUpload),
    );
  }

  async *all(): AsyncGenerator<MultipartUpload> {
    const rows = await this.db.run(() => this.db.tables.uploads.scan());
    for (const row of rows) yield toUpload(row);
  }

  part(uploadId: string, partNumber: number): Promise<UploadedPart | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.uploadParts.get({ upload_id: uploadId, part_number: partNumber });
      return row ? toPart(row) : undefined;
    });
  }

  async putPart(uploadId: string, p: UploadedPart): Promise<void> {
    await this.db.run(() =>
      this.db.tables.uploadParts.insert(
        {
          upload_id: uploadId,
          part_number: p.partNumber,
          blob_id: p.blobId,
          size: p.size,
          etag: p.etag,
          checksum: p.checksum,
          last_modified: p.lastModified,
        },
        { ts: this.db.timestamp() },
      ),
    );
  }

  async deletePart(uploadId: string, partNumber: number): Promise<void> {
    await this.db.run(() =>
      this.db.tables.uploadParts.deleteRow(
        { upload_id: uploadId, part_number: partNumber },
        this.db.timestamp(),
      ),
    );
  }

  parts(uploadId: string, after = 0, limit = 10_000): Promise<UploadedPart[]> {
    return this.db.run(() =>
      this.db.tables.uploadParts
        .select({ upload_id: uploadId })
        .filter((r) => r.part_number > after)
        .slice(0, limit)
        .map(toPart),
    );
  }

  async deleteParts(uploadId: string): Promise<void> {
    await this.db.run(() =>
      this.db.tables.uploadParts.deletePartition({ upload_id: uploadId }, this.db.timestamp()),
    );
  }
}

/** upload-repository.ts's toUpload: the same defaults for columns that read as null. */
function toUpload(row: UploadRow): MultipartUpload {
  return {
    bucket: row.bucket,
    key: row.key,
    uploadId: row.upload_id,
    initiated: row.initiated as Date,
    owner: row.owner ?? '',
    contentType: row.content_type ?? 'binary/octet-stream',
    headers: row.headers ?? {},
    userMeta: row.user_meta ?? {},
    checksumAlgorithm: row.checksum_algorithm ?? null,
    checksumType: checksumTypeOf(row.checksum_algorithm, row.checksum_type),
    grants: row.grants ?? null,
    ...withTags(tagList(row.tags)),
    ...withEncryption(row.encryption),
    ...decodeUploadLock(row.object_lock),
  };
}

function toPart(row: UploadPartRow): UploadedPart {
  return {
    partNumber: row.part_number,
    blobId: String(row.blob_id),
    size: Number(row.size),
    etag: row.etag as string,
    checksum: row.checksum ?? null,
    lastModified: row.last_modified as Date,
  };
}
