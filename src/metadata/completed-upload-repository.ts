import type { CqlClient } from './cassandra-client.js';
import type { StoredChecksum } from './object-types.js';

/** The result of a CompleteMultipartUpload, kept a day so a retry answers the same. */
export interface CompletedUpload {
  uploadId: string;
  bucket: string;
  key: string;
  versionId: string;
  etag: string;
  checksum: StoredChecksum | null;
}

const COMPLETION_TTL_SECONDS = 86400;

/** `completed_uploads`: one record per completed upload, dropped by Cassandra after a day. */
export class CompletedUploadRepository {
  constructor(private readonly db: CqlClient) {}

  async record(c: CompletedUpload): Promise<void> {
    await this.db.execute(
      `INSERT INTO completed_uploads (upload_id, bucket, key, version_id, etag, checksum_algorithm, checksum,
        checksum_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ${COMPLETION_TTL_SECONDS}`,
      [
        c.uploadId,
        c.bucket,
        c.key,
        c.versionId,
        c.etag,
        c.checksum?.algorithm ?? null,
        c.checksum?.value ?? null,
        c.checksum?.type ?? null,
      ],
    );
  }

  async get(uploadId: string): Promise<CompletedUpload | undefined> {
    const row = (
      await this.db.execute('SELECT * FROM completed_uploads WHERE upload_id = ?', [uploadId])
    ).first();
    if (!row) return undefined;
    const algorithm = row.get('checksum_algorithm') as string | null;
    return {
      uploadId,
      bucket: row.get('bucket') as string,
      key: row.get('key') as string,
      versionId: String(row.get('version_id')),
      etag: row.get('etag') as string,
      checksum: algorithm
        ? { algorithm, value: row.get('checksum') as string, type: row.get('checksum_type') as string }
        : null,
    };
  }
}
