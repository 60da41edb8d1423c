import type { BlockState, ClaimResult } from '../block-state-repository.js';
import type { BlockStateRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';

/** BlockStateRepository on a MemoryDb: `block_state`, every transition an atomic LWT. */
export class MemoryBlockStateRepository implements BlockStateRows {
  constructor(private readonly db: MemoryDb) {}

  get(hash: string): Promise<BlockState | undefined> {
    return this.db.run(() => (this.row(hash)?.state ?? undefined) as BlockState | undefined);
  }

  getWithTime(hash: string): Promise<{ state: BlockState; updatedAt: Date } | undefined> {
    return this.db.run(() => {
      const row = this.row(hash);
      if (!row) return undefined;
      return {
        state: row.state as BlockState,
        updatedAt: new Date((row.updated_at ?? new Date(0)).getTime()),
      };
    });
  }

  /** `INSERT ... IF NOT EXISTS`: a refused insert answers the row that exists. */
  claimForWrite(hash: string, size: number): Promise<ClaimResult> {
    return this.db.run(() => {
      const row = this.row(hash);
      if (row) return { created: false, state: row.state as BlockState };
      this.write(hash, 'UPLOADING', { insert: true, size });
      return { created: true, state: 'UPLOADING' };
    });
  }

  markOnline(hash: string): Promise<boolean> {
    return this.db.run(() => {
      const state = this.row(hash)?.state;
      if (state !== 'UPLOADING') return state === 'ONLINE';
      this.write(hash, 'ONLINE');
      return true;
    });
  }

  /**
   * As BlockStateRepository's: an UPDATE IF state IN ('ONLINE', 'UPLOADING'), else an INSERT IF NOT
   * EXISTS. An applied conditional UPDATE returns no columns in Cassandra, so the real class reads
   * no previous state and answers 'ONLINE' for an UPLOADING block too; so does this fake.
   */
  async claimForRemoval(hash: string): Promise<BlockState | 'ABSENT' | undefined> {
    const claimed = await this.db.run(() => {
      const state = this.row(hash)?.state;
      if (state !== 'ONLINE' && state !== 'UPLOADING') return state;
      this.write(hash, 'REMOVING');
      return 'CLAIMED' as const;
    });
    if (claimed === 'CLAIMED') return 'ONLINE';
    if (claimed === 'REMOVING') return undefined;
    return this.db.run(() => {
      if (this.row(hash)) return undefined;
      this.write(hash, 'REMOVING', { insert: true });
      return 'ABSENT';
    });
  }

  async restore(hash: string, previous: BlockState | 'ABSENT'): Promise<void> {
    await this.db.run(() => {
      if (this.row(hash)?.state !== 'REMOVING') return;
      if (previous === 'ABSENT' || previous === 'REMOVING') this.delete(hash);
      else this.write(hash, previous);
    });
  }

  async forget(hash: string): Promise<void> {
    await this.db.run(() => {
      if (this.row(hash)?.state === 'REMOVING') this.delete(hash);
    });
  }

  private row(hash: string) {
    return this.db.tables.blockState.get({ hash });
  }

  private write(hash: string, state: BlockState, opts: { insert?: boolean; size?: number } = {}): void {
    const row = { hash, state, size: opts.size, updated_at: this.db.date() };
    const ts = { ts: this.db.timestamp() };
    if (opts.insert) this.db.tables.blockState.insert(row, ts);
    else this.db.tables.blockState.update(row, ts);
  }

  private delete(hash: string): void {
    this.db.tables.blockState.deleteRow({ hash }, this.db.timestamp());
  }
}
