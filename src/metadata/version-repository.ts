import cassandra from 'cassandra-driver';
import { objectAclDeletion } from './acl-repository.js';
import type { CqlClient } from './cassandra-client.js';
import { listingStatements, type Statement, unlistingStatements } from './listing-rows.js';
import type {
  ListedObject,
  ObjectEncryption,
  ObjectVersion,
  Retention,
  RetentionMode,
  VersionSegment,
} from './object-types.js';
import { objectTagsDeletion } from './tag-repository.js';

type Row = cassandra.types.Row;
const TimeUuid = cassandra.types.TimeUuid;

/** Rows per batch when writing a version's parts (keeps batches far below Cassandra's size limits). */
const PART_BATCH = 100;

/**
 * Objects and their versions. A version is written parts first, then one logged batch makes it
 * visible everywhere at once: its version row, the flat `objects` index and the folder tables.
 * Those writes carry the version's own timestamp, so when two PUTs of one key race, the newer
 * version wins in every table whatever order the writes arrive in.
 */
export class VersionRepository {
  constructor(private readonly db: CqlClient) {}

  newVersionId(): string {
    return TimeUuid.now().toString();
  }

  async commitVersion(v: ObjectVersion, parts: readonly VersionSegment[]): Promise<void> {
    for (let i = 0; i < parts.length; i += PART_BATCH) {
      const slice = parts.slice(i, i + PART_BATCH).map((p) => ({
        query:
          'INSERT INTO version_parts (version_id, part_number, blob_id, start, size, etag, checksum, blob_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        params: [
          v.versionId,
          p.partNumber,
          p.blobId,
          p.start,
          p.size,
          p.etag,
          p.checksum,
          p.blobOffset ?? null,
        ],
      }));
      await this.db.batch(slice, { logged: false, prepare: true });
    }
    const ts = versionTimestamp(v.versionId);
    const queries: Statement[] = [
      {
        query: `INSERT INTO object_versions (bucket, key, version_id, size, etag, last_modified, content_type, headers,
          user_meta, checksum_algorithm, checksum, checksum_type, parts_count, is_delete_marker, null_version, inline_data,
          encryption, lock_mode, lock_until, legal_hold)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?`,
        params: [
          v.bucket,
          v.key,
          v.versionId,
          v.size,
          v.etag,
          v.lastModified,
          v.contentType,
          v.headers,
          v.userMeta,
          v.checksum?.algorithm ?? null,
          v.checksum?.value ?? null,
          v.checksum?.type ?? null,
          v.partsCount,
          v.isDeleteMarker,
          v.nullVersion,
          v.inline,
          v.encryption ? JSON.stringify(v.encryption) : null,
          v.retention?.mode ?? null,
          v.retention?.until ?? null,
          v.legalHold ?? null,
          ts,
        ],
      },
      {
        query: 'INSERT INTO version_keys (bucket, key) VALUES (?, ?) USING TIMESTAMP ?',
        params: [v.bucket, v.key, ts],
      },
      // A delete marker hides the key from listings; any other version becomes the listed one.
      ...(v.isDeleteMarker ? unlistingStatements(v.bucket, v.key, ts) : listingStatements(v, ts)),
    ];
    await this.db.batch(queries, { logged: true, prepare: true });
  }

  /**
   * After a version was deleted by id: make the key's newest remaining version the listed one (at
   * `at`, newer than any earlier tombstone), or hide the key if none remains or it is a marker.
   */
  async relist(bucket: string, key: string, at: Date): Promise<ObjectVersion | undefined> {
    const latest = await this.current(bucket, key);
    const ts = at.getTime() * 1000;
    const statements =
      latest && !latest.isDeleteMarker ? listingStatements(latest, ts) : unlistingStatements(bucket, key, ts);
    if (!latest) {
      statements.push({
        query: 'DELETE FROM version_keys USING TIMESTAMP ? WHERE bucket = ? AND key = ?',
        params: [ts, bucket, key],
      });
    }
    await this.db.batch(statements, { logged: true, prepare: true });
    return latest;
  }

  /** The version S3 calls "null" (written while versioning was off or suspended), if any. */
  async nullVersion(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    return (await this.versions(bucket, key)).find((v) => v.nullVersion);
  }

  /**
   * Replaces a version's retention (null: none) and, when given, its legal hold. Callers hold the
   * key's lease and read the version under it (storage/object-lock-store.ts), so no delete of the
   * version runs meanwhile and the update cannot resurrect a deleted row.
   */
  async setLock(
    v: Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>,
    lock: { retention?: Retention | null; legalHold?: boolean },
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    if (lock.retention !== undefined) {
      sets.push('lock_mode = ?', 'lock_until = ?');
      params.push(lock.retention?.mode ?? null, lock.retention?.until ?? null);
    }
    if (lock.legalHold !== undefined) {
      sets.push('legal_hold = ?');
      params.push(lock.legalHold);
    }
    if (sets.length === 0) return;
    await this.db.execute(
      `UPDATE object_versions USING TIMESTAMP ? SET ${sets.join(', ')} WHERE bucket = ? AND key = ? AND version_id = ?`,
      [lockWriteTimestamp(v.versionId, Date.now()), ...params, v.bucket, v.key, v.versionId],
    );
  }

  /** A page of keys that have versions (delete markers included), in byte order, within `prefix`. */
  async listVersionKeys(
    bucket: string,
    prefix: string,
    from: string,
    inclusive: boolean,
    limit: number,
  ): Promise<string[]> {
    const params: unknown[] = [bucket, from];
    let cql = `SELECT key FROM version_keys WHERE bucket = ? AND key ${inclusive ? '>=' : '>'} ?`;
    const end = prefixEnd(prefix);
    if (end !== undefined) {
      cql += ' AND key < ?';
      params.push(end);
    }
    const rs = await this.db.execute(`${cql} LIMIT ?`, [...params, limit]);
    return rs.rows.map((r) => r.get('key') as string);
  }

  /** The newest version of a key (the current one), or undefined. */
  async current(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    const row = (
      await this.db.execute('SELECT * FROM object_versions WHERE bucket = ? AND key = ? LIMIT 1', [
        bucket,
        key,
      ])
    ).first();
    return row ? toVersion(row) : undefined;
  }

  async version(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined> {
    const row = (
      await this.db.execute('SELECT * FROM object_versions WHERE bucket = ? AND key = ? AND version_id = ?', [
        bucket,
        key,
        versionId,
      ])
    ).first();
    return row ? toVersion(row) : undefined;
  }

  /** Every version of a key, newest first. */
  async versions(bucket: string, key: string): Promise<ObjectVersion[]> {
    const out: ObjectVersion[] = [];
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute(
        'SELECT * FROM object_versions WHERE bucket = ? AND key = ?',
        [bucket, key],
        {
          fetchSize: 1000,
          pageState,
        },
      );
      out.push(...rs.rows.map(toVersion));
      pageState = rs.pageState ?? undefined;
    } while (pageState);
    return out;
  }

  async segments(versionId: string): Promise<VersionSegment[]> {
    const out: VersionSegment[] = [];
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute('SELECT * FROM version_parts WHERE version_id = ?', [versionId], {
        fetchSize: 1000,
        pageState,
      });
      for (const row of rs.rows) {
        out.push({
          partNumber: row.get('part_number') as number,
          blobId: String(row.get('blob_id')),
          start: Number(row.get('start')),
          size: Number(row.get('size')),
          etag: row.get('etag') as string,
          checksum: (row.get('checksum') as string | null) ?? null,
          ...blobOffset(row.get('blob_offset')),
        });
      }
      pageState = rs.pageState ?? undefined;
    } while (pageState);
    return out;
  }

  /**
   * Removes a key from the listing indexes (and from the versioned keys) as of `at`: an
   * unversioned DELETE. A version written later (newer timestamp) stays visible.
   */
  /**
   * Unlists a key as of `at` and deletes the rows of `versionIds` (whose blobs must have been given
   * release intents first) in one logged batch: a crash leaves both or neither, never versions that
   * nothing lists or deletes any more.
   */
  async unlist(bucket: string, key: string, at: Date, versionIds: readonly string[] = []): Promise<void> {
    const ts = at.getTime() * 1000;
    await this.db.batch(
      [
        ...unlistingStatements(bucket, key, ts),
        {
          query: 'DELETE FROM version_keys USING TIMESTAMP ? WHERE bucket = ? AND key = ?',
          params: [ts, bucket, key],
        },
        ...versionIds.flatMap((id) => versionDeletion(bucket, key, id)),
      ],
      { logged: true, prepare: true },
    );
  }

  /** Deletes a version's rows; its blobs must have been given a release intent first. */
  async deleteVersion(bucket: string, key: string, versionId: string): Promise<void> {
    await this.db.batch(versionDeletion(bucket, key, versionId), { logged: true, prepare: true });
  }

  /**
   * Points every segment of a version at one blob, each at its `start` in it (re-chunked part
   * edges), if each segment still names the blob it was read with: one conditional batch on the
   * version's partition, so a deleted version (its rows are gone) or a concurrent move changes
   * nothing. True when applied.
   */
  async moveSegments(versionId: string, from: readonly VersionSegment[], blobId: string): Promise<boolean> {
    const rs = await this.db.batch(
      from.map((p) => ({
        query:
          'UPDATE version_parts SET blob_id = ?, blob_offset = ? WHERE version_id = ? AND part_number = ? IF blob_id = ?',
        params: [blobId, p.start, versionId, p.partNumber, p.blobId],
      })),
      { prepare: true },
    );
    return rs.first()?.get('[applied]') === true;
  }

  /** A page of the flat key index in byte order, from `from` on, within `prefix`. */
  async listKeys(
    bucket: string,
    prefix: string,
    from: string,
    inclusive: boolean,
    limit: number,
  ): Promise<ListedObject[]> {
    const params: unknown[] = [bucket, from];
    let cql = `SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key ${inclusive ? '>=' : '>'} ?`;
    const end = prefixEnd(prefix);
    if (end !== undefined) {
      cql += ' AND key < ?';
      params.push(end);
    }
    const rs = await this.db.execute(`${cql} LIMIT ?`, [...params, limit]);
    return rs.rows.map((r) => ({
      key: r.get('key') as string,
      size: Number(r.get('size')),
      etag: r.get('etag') as string,
      lastModified: r.get('last_modified') as Date,
    }));
  }
}

/**
 * The write timestamp of a change to a version's lock: now, but always after the version's own
 * commit, which is written at its timeuuid's time with sub-millisecond ticks; a plain "now" in the
 * same millisecond could be earlier and lose to the commit's cells, silently.
 */
export function lockWriteTimestamp(versionId: string, nowMs: number): number {
  return Math.max(nowMs * 1000, Math.trunc(versionTimestamp(versionId)) + 1);
}

/** Microseconds of the timeuuid's time: the write timestamp that orders racing versions. */
export function versionTimestamp(versionId: string): number {
  const t = TimeUuid.fromString(versionId);
  return t.getDate().getTime() * 1000 + (t.getDatePrecision().ticks % 10_000) / 10;
}

/** The smallest string greater than every string starting with `prefix` (byte order), if any. */
export function prefixEnd(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const cps = Array.from(prefix);
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

function toVersion(row: Row): ObjectVersion {
  const algorithm = row.get('checksum_algorithm') as string | null;
  return {
    bucket: row.get('bucket') as string,
    key: row.get('key') as string,
    versionId: String(row.get('version_id')),
    size: Number(row.get('size') ?? 0),
    etag: (row.get('etag') as string | null) ?? '',
    lastModified: row.get('last_modified') as Date,
    contentType: (row.get('content_type') as string | null) ?? 'application/octet-stream',
    headers: (row.get('headers') as Record<string, string> | null) ?? {},
    userMeta: (row.get('user_meta') as Record<string, string> | null) ?? {},
    checksum: algorithm
      ? {
          algorithm,
          value: row.get('checksum') as string,
          type: (row.get('checksum_type') as string | null) ?? 'FULL_OBJECT',
        }
      : null,
    partsCount: (row.get('parts_count') as number | null) ?? null,
    isDeleteMarker: (row.get('is_delete_marker') as boolean | null) ?? false,
    nullVersion: (row.get('null_version') as boolean | null) ?? false,
    inline: (row.get('inline_data') as Buffer | null) ?? null,
    encryption: parseEncryption(row.get('encryption') as string | null | undefined),
    ...lockOf(row.get('lock_mode') as string | null, row.get('lock_until') as Date | null),
    ...legalHoldOf(row.get('legal_hold') as boolean | null),
  };
}

function parseEncryption(text: string | null | undefined): ObjectEncryption | null {
  return text ? (JSON.parse(text) as ObjectEncryption) : null;
}

/** `legal_hold`: null = never set (S3 then has no legal hold to show), false = put OFF. */
export function legalHoldOf(value: boolean | null | undefined): { legalHold?: boolean } {
  return typeof value === 'boolean' ? { legalHold: value } : {};
}

/** The retention columns as the domain type: both or none. */
export function lockOf(
  mode: string | null | undefined,
  until: Date | null | undefined,
): { retention?: Retention } {
  return mode && until ? { retention: { mode: mode as RetentionMode, until } } : {};
}

/**
 * A version's rows, its side rows included (its ACL and its tags: acl-repository.ts,
 * tag-repository.ts), so that whatever deletes a version deletes them in the same batch and no side
 * row outlives it.
 */
function versionDeletion(bucket: string, key: string, versionId: string): Statement[] {
  return [
    objectAclDeletion(bucket, key, versionId),
    objectTagsDeletion(bucket, key, versionId),
    {
      query: 'DELETE FROM object_versions WHERE bucket = ? AND key = ? AND version_id = ?',
      params: [bucket, key, versionId],
    },
    { query: 'DELETE FROM version_parts WHERE version_id = ?', params: [versionId] },
  ];
}

function blobOffset(value: unknown): { blobOffset?: number } {
  return value === null || value === undefined ? {} : { blobOffset: Number(value) };
}
