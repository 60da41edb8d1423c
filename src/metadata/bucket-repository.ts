import type { CqlClient } from './cassandra-client.js';

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
}

export type CreateBucketOutcome = { created: true } | { created: false; existing: Bucket };

/** Buckets table. Creation is an LWT so two clients racing for one name cannot both win. */
export class BucketRepository {
  constructor(private readonly db: CqlClient) {}

  async create(bucket: Bucket): Promise<CreateBucketOutcome> {
    const rs = await this.db.execute(
      'INSERT INTO buckets (name, owner, created_at, acl, versioning, region) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS',
      [bucket.name, bucket.owner, bucket.createdAt, bucket.acl, bucket.versioning, bucket.region],
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
  };
}
