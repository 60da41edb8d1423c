import cassandra from 'cassandra-driver';
import type {
  ListedObject,
  ObjectEncryption,
  ObjectVersion,
  Retention,
  VersionSegment,
} from '../object-types.js';
import type { VersionRows } from '../ports.js';
import {
  legalHoldOf,
  lockOf,
  lockWriteTimestamp,
  prefixEnd,
  versionTimestamp,
} from '../version-repository.js';
import { textOrder } from './cql-order.js';
import type { MemoryDb } from './memory-db.js';
import { writeListing, writeUnlisting } from './memory-listing-rows.js';
import type { VersionRow } from './memory-rows.js';
import { collection } from './memory-schema.js';

/**
 * VersionRepository on a MemoryDb. The version's logged batch is one atomic step written at the
 * version's own timestamp (from its timeuuid, truncated to whole microseconds as the driver sends
 * it), so racing versions and tombstones resolve as they do in Cassandra.
 */
export class MemoryVersionRepository implements VersionRows {
  constructor(private readonly db: MemoryDb) {}

  newVersionId(): string {
    return cassandra.types.TimeUuid.now().toString();
  }

  async commitVersion(v: ObjectVersion, parts: readonly VersionSegment[]): Promise<void> {
    const t = this.db.tables;
    for (const p of parts) {
      await this.db.run(() =>
        t.versionParts.insert(
          {
            version_id: v.versionId,
            part_number: p.partNumber,
            blob_id: p.blobId,
            start: p.start,
            size: p.size,
            etag: p.etag,
            checksum: p.checksum,
            blob_offset: p.blobOffset ?? null,
          },
          { ts: this.db.timestamp() },
        ),
      );
    }
    const ts = Math.trunc(versionTimestamp(v.versionId));
    await this.db.run(() => {
      t.objectVersions.insert(versionRow(v), { ts });
      t.versionKeys.insert({ bucket: v.bucket, key: v.key }, { ts });
      if (v.isDeleteMarker) writeUnlisting(t, v.bucket, v.key, ts);
      else writeListing(t, v, ts);
    });
  }

  async relist(bucket: string, key: string, at: Date): Promise<ObjectVersion | undefined> {
    const latest = await this.current(bucket, key);
    const ts = at.getTime() * 1000;
    await this.db.run(() => {
      if (latest && !latest.isDeleteMarker) writeListing(this.db.tables, latest, ts);
      else writeUnlisting(this.db.tables, bucket, key, ts);
      if (!latest) this.db.tables.versionKeys.deleteRow({ bucket, key }, ts);
    });
    return latest;
  }

  async nullVersion(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    return (await this.versions(bucket, key)).find((v) => v.nullVersion);
  }

  async setLock(
    v: Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>,
    lock: { retention?: Retention | null; legalHold?: boolean },
  ): Promise<void> {
    const cells: Partial<VersionRow> = {};
    if (lock.retention !== undefined) {
      cells.lock_mode = lock.retention?.mode ?? null;
      cells.lock_until = lock.retention ? new Date(lock.retention.until.getTime()) : null;
    }
    if (lock.legalHold !== undefined) cells.legal_hold = lock.legalHold;
    if (Object.keys(cells).length === 0) return;
    await this.db.run(() =>
      this.db.tables.objectVersions.update(
        { ...cells, bucket: v.bucket, key: v.key, version_id: v.versionId },
        { ts: Math.max(this.db.timestamp(), lockWriteTimestamp(v.versionId, 0)) },
      ),
    );
  }

  listVersionKeys(bucket: string, prefix: string, from: string, inclusive: boolean, limit: number) {
    return this.db.run(() =>
      page(this.db.tables.versionKeys.select({ bucket }), prefix, from, inclusive, limit).map((r) => r.key),
    );
  }

  current(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.objectVersions.select({ bucket, key })[0];
      return row ? toVersion(row) : undefined;
    });
  }

  version(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.objectVersions.get({ bucket, key, version_id: versionId });
      return row ? toVersion(row) : undefined;
    });
  }

  versions(bucket: string, key: string): Promise<ObjectVersion[]> {
    return this.db.run(() => this.db.tables.objectVersions.select({ bucket, key }).map(toVersion));
  }

  segments(versionId: string): Promise<VersionSegment[]> {
    return this.db.run(() =>
      this.db.tables.versionParts.select({ version_id: versionId }).map((row) => ({
        partNumber: row.part_number,
        blobId: String(row.blob_id),
        start: Number(row.start),
        size: Number(row.size),
        etag: row.etag as string,
        checksum: row.checksum ?? null,
        ...(row.blob_offset === null || row.blob_offset === undefined
          ? {}
          : { blobOffset: Number(row.blob_offset) }),
      })),
    );
  }

  /** The conditional batch of VersionRepository.moveSegments, applied only if every condition holds. */
  async moveSegments(versionId: string, from: readonly VersionSegment[], blobId: string): Promise<boolean> {
    return this.db.run(() => {
      const parts = this.db.tables.versionParts;
      const holds = from.every(
        (p) => parts.get({ version_id: versionId, part_number: p.partNumber })?.blob_id === p.blobId,
      );
      if (!holds) return false;
      const ts = this.db.timestamp();
      for (const p of from) {
        parts.update(
          { version_id: versionId, part_number: p.partNumber, blob_id: blobId, blob_offset: p.start },
          { ts },
        );
      }
      return true;
    });
  }

  async unlist(bucket: string, key: string, at: Date, versionIds: readonly string[] = []): Promise<void> {
    const ts = at.getTime() * 1000;
    await this.db.run(() => {
      writeUnlisting(this.db.tables, bucket, key, ts);
      this.db.tables.versionKeys.deleteRow({ bucket, key }, ts);
      for (const id of versionIds) this.deleteRows(bucket, key, id);
    });
  }

  async deleteVersion(bucket: string, key: string, versionId: string): Promise<void> {
    await this.db.run(() => this.deleteRows(bucket, key, versionId));
  }

  private deleteRows(bucket: string, key: string, versionId: string): void {
    const ts = this.db.timestamp();
    this.db.tables.objectVersions.deleteRow({ bucket, key, version_id: versionId }, ts);
    this.db.tables.versionParts.deletePartition({ version_id: versionId }, ts);
    this.db.tables.objectAcls.deleteRow({ bucket, key, version_id: versionId }, ts);
    this.db.tables.objectTags.deleteRow({ bucket, key, version_id: versionId }, ts);
  }

  listKeys(bucket: string, prefix: string, from: string, inclusive: boolean, limit: number) {
    return this.db.run(() =>
      page(this.db.tables.objects.select({ bucket }), prefix, from, inclusive, limit).map(
        (r): ListedObject => ({
          key: r.key,
          size: Number(r.size),
          etag: r.etag as string,
          lastModified: r.last_modified as Date,
        }),
      ),
    );
  }
}

/** `key >[=] from [AND key < prefixEnd(prefix)] LIMIT limit`, in the partition's (byte) order. */
function page<R extends { key: string }>(
  rows: R[],
  prefix: string,
  from: string,
  inclusive: boolean,
  limit: number,
): R[] {
  const end = prefixEnd(prefix);
  return rows
    .filter((r) => {
      const c = textOrder(r.key, from);
      return (inclusive ? c >= 0 : c > 0) && (end === undefined || textOrder(r.key, end) < 0);
    })
    .slice(0, limit);
}

function versionRow(v: ObjectVersion): VersionRow {
  return {
    bucket: v.bucket,
    key: v.key,
    version_id: v.versionId,
    size: v.size,
    etag: v.etag,
    last_modified: new Date(v.lastModified.getTime()),
    content_type: v.contentType,
    headers: collection(v.headers),
    user_meta: collection(v.userMeta),
    checksum_algorithm: v.checksum?.algorithm ?? null,
    checksum: v.checksum?.value ?? null,
    checksum_type: v.checksum?.type ?? null,
    parts_count: v.partsCount,
    is_delete_marker: v.isDeleteMarker,
    null_version: v.nullVersion,
    inline_data: v.inline ? Buffer.from(v.inline) : null,
    encryption: v.encryption ? JSON.stringify(v.encryption) : null,
    lock_mode: v.retention?.mode ?? null,
    lock_until: v.retention ? new Date(v.retention.until.getTime()) : null,
    legal_hold: v.legalHold ?? null,
  };
}

/** version-repository.ts's toVersion: the same defaults for columns that read as null. */
function toVersion(row: VersionRow): ObjectVersion {
  const algorithm = row.checksum_algorithm;
  return {
    bucket: row.bucket,
    key: row.key,
    versionId: row.version_id,
    size: Number(row.size ?? 0),
    etag: row.etag ?? '',
    lastModified: row.last_modified as Date,
    contentType: row.content_type ?? 'application/octet-stream',
    headers: { ...(row.headers ?? {}) },
    userMeta: { ...(row.user_meta ?? {}) },
    checksum: algorithm
      ? { algorithm, value: row.checksum as string, type: row.checksum_type ?? 'FULL_OBJECT' }
      : null,
    partsCount: row.parts_count ?? null,
    isDeleteMarker: row.is_delete_marker ?? false,
    nullVersion: row.null_version ?? false,
    inline: row.inline_data ? Buffer.from(row.inline_data) : null,
    encryption: row.encryption ? (JSON.parse(row.encryption) as ObjectEncryption) : null,
    ...lockOf(row.lock_mode, row.lock_until as Date | null | undefined),
    ...legalHoldOf(row.legal_hold),
  };
}
