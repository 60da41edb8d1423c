import type { CompletedUpload } from '../completed-upload-repository.js';
import type { CompletedUploadRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';

const COMPLETION_TTL_SECONDS = 86400;

/** CompletedUploadRepository on a MemoryDb: `completed_uploads`, gone a day after being written. */
export class MemoryCompletedUploadRepository implements CompletedUploadRows {
  constructor(private readonly db: MemoryDb) {}

  async record(c: CompletedUpload): Promise<void> {
    await this.db.run(() =>
      this.db.tables.completedUploads.insert(
        {
          upload_id: c.uploadId,
          bucket: c.bucket,
          key: c.key,
          version_id: c.versionId,
          etag: c.etag,
          checksum_algorithm: c.checksum?.algorithm ?? null,
          checksum: c.checksum?.value ?? null,
          checksum_type: c.checksum?.type ?? null,
        },
        { ts: this.db.timestamp(), ttlSeconds: COMPLETION_TTL_SECONDS },
      ),
    );
  }

  get(uploadId: string): Promise<CompletedUpload | undefined> {
    return this.db.run(() => {
      const row = this.db.tables.completedUploads.get({ upload_id: uploadId });
      if (!row) return undefined;
      const algorithm = row.checksum_algorithm;
      return {
        uploadId,
        bucket: row.bucket as string,
        key: row.key as string,
        versionId: String(row.version_id),
        etag: row.etag as string,
        checksum: algorithm
          ? { algorithm, value: row.checksum as string, type: row.checksum_type as string }
          : null,
      };
    });
  }
}
