import type { AclRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';
import { collection } from './memory-schema.js';

/** AclRepository on a MemoryDb: `bucket_acls` and `object_acls` (an empty grant list is stored as null). */
export class MemoryAclRepository implements AclRows {
  constructor(private readonly db: MemoryDb) {}

  bucketGrants(bucket: string, createdAt: Date): Promise<string[] | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.bucketAcls.get({ bucket });
      const created = row?.bucket_created;
      if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
      return row.grants ?? [];
    });
  }

  async setBucketGrants(bucket: string, createdAt: Date, grants: readonly string[]): Promise<void> {
    await this.db.run(() =>
      this.db.tables.bucketAcls.insert(
        { bucket, bucket_created: createdAt, grants: collection([...grants]) },
        { ts: this.db.timestamp() },
      ),
    );
  }

  objectGrants(bucket: string, key: string, versionId: string): Promise<string[] | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.objectAcls.get({ bucket, key, version_id: versionId });
      return row ? (row.grants ?? []) : undefined;
    });
  }

  async setObjectGrants(bucket: string, key: string, versionId: string, grants: readonly string[]) {
    await this.db.run(() =>
      this.db.tables.objectAcls.insert(
        { bucket, key, version_id: versionId, grants: collection([...grants]) },
        { ts: this.db.timestamp() },
      ),
    );
  }
}
