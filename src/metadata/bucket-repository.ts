import type { CqlClient } from './cassandra-client.js';
import type { RetentionMode } from './object-types.js';

export type CannedAcl = 'private' | 'public-read' | 'public-read-write' | 'authenticated-read';
export type VersioningState = 'Unversioned' | 'Enabled' | 'Suspended';

export interface Bucket {
  name: string;
  owner: string;
  createdAt: Date;
  acl: CannedAcl;
  versioning: VersioningState;
  region: string;
  /**
   * True once an object of the bucket was given tags: until then GET and HEAD skip the read of the
   * tags for `x-amz-tagging-count` (storage/bucket-store.ts noteTaggedObjects).
   */
  taggedObjects?: boolean;
  /** Object Lock, enabled only at creation and never turned off; absent = not a lock bucket. */
  objectLock?: ObjectLockConfig;
}

/** A lock bucket's configuration: the retention new versions get unless they ask for their own. */
export interface ObjectLockConfig {
  defaultRetention?: DefaultRetention;
}

/** PutObjectLockConfiguration's DefaultRetention: days or years (one of them) from the write. */
export interface DefaultRetention {
  mode: RetentionMode;
  days?: number;
  years?: number;
}

export type CreateBucketOutcome = { created: true } | { created: false; existing: Bucket };

/** Buckets table. Creation is an LWT so two clients racing for one name cannot both win. */
export class BucketRepository {
  constructor(private readonly db: CqlClient) {}

  async create(bucket: Bucket): Promise<CreateBucketOutcome> {
    const rs = await this.db.execute(
      // The lock flag is born with the bucket (one LWT): a lock bucket never exists without it.
      'INSERT INTO buckets (name, owner, created_at, acl, versioning, region, object_lock) VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS',
      [
        bucket.name,
        bucket.owner,
        bucket.createdAt,
        bucket.acl,
        bucket.versioning,
        bucket.region,
        encodeObjectLock(bucket.objectLock),
      ],
    );
    const row = rs.first();
    if (row.get('[applied]') === true) return { created: true };
    return { created: false, existing: toBucket(row) };
  }

  async get(name: string): Promise<Bucket | undefined> {
    const row = (await this.db.execute('SELECT * FROM buckets WHERE name = ?', [name])).first();
    return row ? toBucket(row) : undefined;
  }

  /** Small table (one row per bucket): a full read, paged by the driver. */
  async list(): Promise<Bucket[]> {
    const out: Bucket[] = [];
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute('SELECT * FROM buckets', [], { fetchSize: 500, pageState });
      for (const row of rs.rows) out.push(toBucket(row));
      pageState = rs.pageState ?? undefined;
    } while (pageState);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async setAcl(name: string, acl: CannedAcl): Promise<void> {
    await this.db.execute('UPDATE buckets SET acl = ? WHERE name = ? IF EXISTS', [acl, name]);
  }

  async setVersioning(name: string, state: VersioningState): Promise<void> {
    await this.db.execute('UPDATE buckets SET versioning = ? WHERE name = ? IF EXISTS', [state, name]);
  }

  /** A lock bucket's new configuration (its default retention); the caller checked it is one. */
  async setObjectLock(name: string, config: ObjectLockConfig): Promise<void> {
    await this.db.execute('UPDATE buckets SET object_lock = ? WHERE name = ? IF EXISTS', [
      encodeObjectLock(config),
      name,
    ]);
  }

  async markTaggedObjects(name: string): Promise<void> {
    await this.db.execute('UPDATE buckets SET tagged_objects = true WHERE name = ? IF EXISTS', [name]);
  }

  /** Whether any key (a version or a delete marker) is stored in the bucket. */
  async hasObjects(name: string): Promise<boolean> {
    const objects = await this.db.execute('SELECT key FROM version_keys WHERE bucket = ? LIMIT 1', [name]);
    return objects.rowLength > 0;
  }

  /** True when no object version, delete marker or multipart upload remains in the bucket. */
  async isEmpty(name: string): Promise<boolean> {
    if (await this.hasObjects(name)) return false;
    const uploads = await this.db.execute('SELECT key FROM multipart_uploads WHERE bucket = ? LIMIT 1', [
      name,
    ]);
    return uploads.rowLength === 0;
  }

  async delete(name: string): Promise<void> {
    await this.db.execute('DELETE FROM buckets WHERE name = ? IF EXISTS', [name]);
  }
}

interface RowLike {
  get(name: string): unknown;
}

function toBucket(row: RowLike): Bucket {
  return {
    name: row.get('name') as string,
    owner: row.get('owner') as string,
    createdAt: row.get('created_at') as Date,
    acl: ((row.get('acl') as string | null) ?? 'private') as CannedAcl,
    versioning: ((row.get('versioning') as string | null) ?? 'Unversioned') as VersioningState,
    region: (row.get('region') as string | null) ?? 'us-east-1',
    ...(row.get('tagged_objects') === true ? { taggedObjects: true } : {}),
    ...decodeObjectLock(row.get('object_lock') as string | null),
  };
}

/** `buckets.object_lock`: JSON of the configuration; null = not a lock bucket. */
export function encodeObjectLock(config: ObjectLockConfig | undefined): string | null {
  return config ? JSON.stringify(config) : null;
}

export function decodeObjectLock(text: string | null | undefined): { objectLock?: ObjectLockConfig } {
  return text ? { objectLock: JSON.parse(text) as ObjectLockConfig } : {};
}
