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
}

export type CreateBucketOutcome = { created: true } | { created: false; existing: Bucket };

/** Buckets table. Creation is an LWT so two clients racing for one name cannot both win. */
export class BucketRepository {
  /**
   * Every S3 request reads its bucket; a short cache saves that query on hot paths. Changes made
   * through this repository invalidate it at once; another server sees them within the TTL, like
   * the propagation delay S3 documents for bucket configuration.
   */
  private readonly cache = new Map<string, { bucket: Bucket; until: number }>();

  constructor(
    private readonly db: CqlClient,
    private readonly cacheMs = 2000,
  ) {}

  async create(bucket: Bucket): Promise<CreateBucketOutcome> {
    this.cache.delete(bucket.name);
    const rs = await this.db.execute(
      'INSERT INTO buckets (name, owner, created_at, acl, versioning, region) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS',
      [bucket.name, bucket.owner, bucket.createdAt, bucket.acl, bucket.versioning, bucket.region],
    );
    const row = rs.first();
    if (row.get('[applied]') === true) return { created: true };
    return { created: false, existing: toBucket(row) };
  }

  async get(name: string): Promise<Bucket | undefined> {
    const hit = this.cache.get(name);
    if (hit && hit.until > Date.now()) return hit.bucket;
    const row = (await this.db.execute('SELECT * FROM buckets WHERE name = ?', [name])).first();
    if (!row) {
      this.cache.delete(name);
      return undefined;
    }
    const bucket = toBucket(row);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(name, { bucket, until: Date.now() + this.cacheMs });
    return bucket;
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
    this.cache.delete(name);
  }

  async setVersioning(name: string, state: VersioningState): Promise<void> {
    await this.db.execute('UPDATE buckets SET versioning = ? WHERE name = ? IF EXISTS', [state, name]);
    this.cache.delete(name);
  }

  /** True when no current object, object version or multipart upload remains in the bucket. */
  /** Whether any key (a version or a delete marker) is stored in the bucket. */
  async hasObjects(name: string): Promise<boolean> {
    const objects = await this.db.execute('SELECT key FROM version_keys WHERE bucket = ? LIMIT 1', [name]);
    return objects.rowLength > 0;
  }

  async isEmpty(name: string): Promise<boolean> {
    if (await this.hasObjects(name)) return false;
    const uploads = await this.db.execute('SELECT key FROM multipart_uploads WHERE bucket = ? LIMIT 1', [
      name,
    ]);
    return uploads.rowLength === 0;
  }

  async delete(name: string): Promise<void> {
    await this.db.execute('DELETE FROM buckets WHERE name = ? IF EXISTS', [name]);
    this.cache.delete(name);
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
  };
}
