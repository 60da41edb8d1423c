import type { CqlClient } from './cassandra-client.js';

/** UPLOADING -> ONLINE -> REMOVING -> (row deleted). See docs/ARCHITECTURE.md, "Block lifecycle". */
export type BlockState = 'UPLOADING' | 'ONLINE' | 'REMOVING';

export interface ClaimResult {
  /** True when this call created the row (state UPLOADING). */
  created: boolean;
  /** The state after the call. */
  state: BlockState;
}

/** The block state machine. Every transition is a lightweight transaction (Paxos, LOCAL_SERIAL). */
export class BlockStateRepository {
  constructor(private readonly db: CqlClient) {}

  /** Plain LOCAL_QUORUM read; enough for a writer that has already written its reference. */
  async get(hash: string): Promise<BlockState | undefined> {
    const row = (await this.db.execute('SELECT state FROM block_state WHERE hash = ?', [hash])).first();
    return (row?.get('state') as BlockState | null) ?? undefined;
  }

  /** The state and when it last changed, for spotting a collector that died mid-removal. */
  async getWithTime(hash: string): Promise<{ state: BlockState; updatedAt: Date } | undefined> {
    const row = (
      await this.db.execute('SELECT state, updated_at FROM block_state WHERE hash = ?', [hash])
    ).first();
    if (!row) return undefined;
    return {
      state: row.get('state') as BlockState,
      updatedAt: (row.get('updated_at') as Date | null) ?? new Date(0),
    };
  }

  /** A writer announces a block: absent -> UPLOADING. Returns the existing state if there is one. */
  async claimForWrite(hash: string, size: number): Promise<ClaimResult> {
    const rs = await this.db.execute(
      "INSERT INTO block_state (hash, state, size, updated_at) VALUES (?, 'UPLOADING', ?, toTimestamp(now())) IF NOT EXISTS",
      [hash, size],
    );
    const row = rs.first();
    if (row.get('[applied]') === true) return { created: true, state: 'UPLOADING' };
    return { created: false, state: row.get('state') as BlockState };
  }

  /** UPLOADING -> ONLINE once the file is durably in place. False if the block is in another state. */
  async markOnline(hash: string): Promise<boolean> {
    const rs = await this.db.execute(
      "UPDATE block_state SET state = 'ONLINE', updated_at = toTimestamp(now()) WHERE hash = ? IF state = 'UPLOADING'",
      [hash],
    );
    const row = rs.first();
    return row.get('[applied]') === true || row.get('state') === 'ONLINE';
  }

  /**
   * The collector claims a block: ONLINE or UPLOADING -> REMOVING, or absent -> REMOVING.
   * Returns the previous state ('ABSENT' for no row) so an aborted removal can restore it,
   * or undefined when the claim failed (another collector holds it).
   */
  async claimForRemoval(hash: string): Promise<BlockState | 'ABSENT' | undefined> {
    const current = await this.db.execute(
      "UPDATE block_state SET state = 'REMOVING', updated_at = toTimestamp(now()) WHERE hash = ? IF state IN ('ONLINE', 'UPLOADING')",
      [hash],
    );
    const row = current.first();
    if (row.get('[applied]') === true) return (row.get('state') as BlockState | null) ?? 'ONLINE';
    if (row.get('state') === 'REMOVING') return undefined;
    const inserted = await this.db.execute(
      "INSERT INTO block_state (hash, state, updated_at) VALUES (?, 'REMOVING', toTimestamp(now())) IF NOT EXISTS",
      [hash],
    );
    return inserted.first().get('[applied]') === true ? 'ABSENT' : undefined;
  }

  /** Aborts a removal (a reference appeared): REMOVING -> the state it had before. */
  async restore(hash: string, previous: BlockState | 'ABSENT'): Promise<void> {
    if (previous === 'ABSENT' || previous === 'REMOVING') {
      await this.db.execute("DELETE FROM block_state WHERE hash = ? IF state = 'REMOVING'", [hash]);
      return;
    }
    await this.db.execute(
      "UPDATE block_state SET state = ?, updated_at = toTimestamp(now()) WHERE hash = ? IF state = 'REMOVING'",
      [previous, hash],
    );
  }

  /** REMOVING -> gone, after the file was deleted. */
  async forget(hash: string): Promise<void> {
    await this.db.execute("DELETE FROM block_state WHERE hash = ? IF state = 'REMOVING'", [hash]);
  }
}
