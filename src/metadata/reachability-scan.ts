import cassandra from 'cassandra-driver';
import type { CqlClient } from './cassandra-client.js';

const PAGE = 1000;
const INTENT_SHARDS = 16;

/**
 * Full-table scans for the reachability sweep (storage/background/reachability-sweep.ts) and the
 * scrubber: who owns a blob (upload parts, intents, version segments), what exists (blobs,
 * references) and where a version or an upload lives. Paged by the driver; each yields rows as it
 * goes, so a pass holds only the sets it builds in memory.
 */
export class ReachabilityScan {
  constructor(private readonly db: CqlClient) {}

  uploadIds(): AsyncGenerator<string> {
    return this.column('SELECT upload_id FROM multipart_uploads', 'upload_id');
  }

  async *parts(): AsyncGenerator<{ uploadId: string; blobId: string }> {
    for await (const row of this.rows('SELECT upload_id, blob_id FROM upload_parts', [])) {
      yield { uploadId: String(row.get('upload_id')), blobId: String(row.get('blob_id')) };
    }
  }

  async *intentBlobIds(): AsyncGenerator<string> {
    for (let shard = 0; shard < INTENT_SHARDS; shard++) {
      yield* this.column('SELECT blob_id FROM blob_intents WHERE shard = ?', 'blob_id', [shard]);
    }
  }

  versionIds(): AsyncGenerator<string> {
    return this.column('SELECT version_id FROM object_versions', 'version_id');
  }

  async *segments(): AsyncGenerator<{ versionId: string; blobId: string }> {
    for await (const row of this.rows('SELECT version_id, blob_id FROM version_parts', [])) {
      yield { versionId: String(row.get('version_id')), blobId: String(row.get('blob_id')) };
    }
  }

  async *versionKeys(): AsyncGenerator<{ bucket: string; key: string; versionId: string }> {
    for await (const row of this.rows('SELECT bucket, key, version_id FROM object_versions', [])) {
      yield { bucket: row.get('bucket'), key: row.get('key'), versionId: String(row.get('version_id')) };
    }
  }

  async *uploadKeys(): AsyncGenerator<{ bucket: string; key: string; uploadId: string }> {
    for await (const row of this.rows('SELECT bucket, key, upload_id FROM multipart_uploads', [])) {
      yield { bucket: row.get('bucket'), key: row.get('key'), uploadId: String(row.get('upload_id')) };
    }
  }

  blobIds(): AsyncGenerator<string> {
    return this.column('SELECT blob_id FROM blobs', 'blob_id');
  }

  async *references(): AsyncGenerator<{ hash: string; blobId: string }> {
    for await (const row of this.rows('SELECT hash, blob_id FROM block_refs', [])) {
      yield { hash: row.get('hash') as string, blobId: String(row.get('blob_id')) };
    }
  }

  private async *column(cql: string, name: string, params: unknown[] = []): AsyncGenerator<string> {
    for await (const row of this.rows(cql, params)) yield String(row.get(name));
  }

  private async *rows(cql: string, params: unknown[]): AsyncGenerator<cassandra.types.Row> {
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute(cql, params, { fetchSize: PAGE, pageState });
      for (const row of rs.rows) yield row;
      pageState = rs.pageState ?? undefined;
    } while (pageState);
  }
}

/** When a timeuuid (blob ids are timeuuids) was made. */
export function timeuuidDate(id: string): Date {
  return cassandra.types.TimeUuid.fromString(id).getDate();
}
