import type { CqlClient } from './cassandra-client.js';

/** Where a walk of a bucket stands: its phase, and the last key (and upload) it finished. */
export interface LifecycleCursor {
  phase: 'objects' | 'uploads';
  afterKey: string;
  /** Uploads phase: the last upload id done under `afterKey`; undefined: none yet. */
  afterUpload?: string;
}

/**
 * Table `lifecycle_cursors`: the lifecycle executor's place in its walk of each bucket, written
 * after every page, so a crashed or restarted server (or the next lease holder) resumes there.
 * A row records the creation time of its bucket: a re-created bucket starts a walk afresh.
 */
export class LifecycleCursorRepository {
  constructor(private readonly db: CqlClient) {}

  async get(bucket: string, createdAt: Date): Promise<LifecycleCursor | undefined> {
    const row = (
      await this.db.execute(
        'SELECT bucket_created, phase, after_key, after_upload FROM lifecycle_cursors WHERE bucket = ?',
        [bucket],
      )
    ).first();
    const created = row?.get('bucket_created') as Date | null | undefined;
    if (!row || !created || created.getTime() !== createdAt.getTime()) return undefined;
    const phase = row.get('phase') === 'uploads' ? 'uploads' : 'objects';
    const afterUpload = row.get('after_upload') as string | null;
    return {
      phase,
      afterKey: (row.get('after_key') as string | null) ?? '',
      ...(afterUpload ? { afterUpload } : {}),
    };
  }

  async put(bucket: string, createdAt: Date, cursor: LifecycleCursor): Promise<void> {
    await this.db.execute(
      'INSERT INTO lifecycle_cursors (bucket, bucket_created, phase, after_key, after_upload) VALUES (?, ?, ?, ?, ?)',
      [bucket, createdAt, cursor.phase, cursor.afterKey, cursor.afterUpload ?? null],
    );
  }

  /** The walk is complete: the next one starts at the top. */
  async delete(bucket: string): Promise<void> {
    await this.db.execute('DELETE FROM lifecycle_cursors WHERE bucket = ?', [bucket]);
  }
}
