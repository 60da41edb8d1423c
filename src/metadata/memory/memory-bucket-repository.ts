import {
  type Bucket,
  type CannedAcl,
  type CreateBucketOutcome,
  decodeObjectLock,
  encodeObjectLock,
  type ObjectLockConfig,
  type VersioningState,
} from '../bucket-repository.js';
import type { BucketRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';
import type { BucketRow } from './memory-rows.js';

/** BucketRepository on a MemoryDb: `buckets` (LWTs), and the emptiness reads of its other tables. */
export class MemoryBucketRepository implements BucketRows {
  constructor(private readonly db: MemoryDb) {}

  create(bucket: Bucket): Promise<CreateBucketOutcome> {
    return this.db.run(() => {
      const existing = this.db.tables.buckets.get({ name: bucket.name });
      if (existing) return { created: false, existing: toBucket(existing) };
      this.db.tables.buckets.insert(
        {
          name: bucket.name,
          owner: bucket.owner,
          created_at: bucket.createdAt,
          acl: bucket.acl,
          versioning: bucket.versioning,
          region: bucket.region,
          object_lock: encodeObjectLock(bucket.objectLock),
        },
        { ts: this.db.timestamp() },
      );
      return { created: true };
    });
  }

  get(name: string): Promise<Bucket | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.buckets.get({ name });
      return row ? toBucket(row) : undefined;
    });
  }

  async list(): Promise<Bucket[]> {
    const rows = await this.db.run(() => this.db.tables.buckets.scan());
    return rows.map(toBucket).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async setAcl(name: string, acl: CannedAcl): Promise<void> {
    await this.updateIfExists(name, { acl });
  }

  async setVersioning(name: string, state: VersioningState): Promise<void> {
    await this.updateIfExists(name, { versioning: state });
  }

  async setObjectLock(name: string, config: ObjectLockConfig): Promise<void> {
    await this.updateIfExists(name, { object_lock: encodeObjectLock(config) });
  }

  async markTaggedObjects(name: string): Promise<void> {
    await this.updateIfExists(name, { tagged_objects: true });
  }

  hasObjects(name: string): Promise<boolean> {
    return this.db.run(() => this.db.tables.versionKeys.select({ bucket: name }).length > 0);
  }

  async isEmpty(name: string): Promise<boolean> {
    if (await this.hasObjects(name)) return false;
    return this.db.run(() => this.db.tables.uploads.select({ bucket: name }).length === 0);
  }

  async delete(name: string): Promise<void> {
    await this.db.run(() => {
      if (this.db.tables.buckets.get({ name }))
        this.db.tables.buckets.deleteRow({ name }, this.db.timestamp());
    });
  }

  /** `UPDATE buckets SET ... WHERE name = ? IF EXISTS`: never creates a bucket row. */
  private updateIfExists(name: string, cells: Partial<BucketRow>): Promise<void> {
    return this.db.run(() => {
      if (this.db.tables.buckets.get({ name })) {
        this.db.tables.buckets.update({ ...cells, name }, { ts: this.db.timestamp() });
      }
    });
  }
}

function toBucket(row: BucketRow): Bucket {
  return {
    name: row.name,
    owner: row.owner as string,
    createdAt: row.created_at as Date,
    acl: (row.acl ?? 'private') as CannedAcl,
    versioning: (row.versioning ?? 'Unversioned') as VersioningState,
    region: row.region ?? 'us-east-1',
    ...(row.tagged_objects === true ? { taggedObjects: true } : {}),
    ...decodeObjectLock(row.object_lock),
  };
}
