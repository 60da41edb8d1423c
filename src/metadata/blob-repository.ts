import cassandra from 'cassandra-driver';
import type { CqlClient } from './cassandra-client.js';

const INTENT_SHARDS = 16;

export interface BlobBlock {
  offset: number;
  hash: string;
  size: number;
  /** Present on an encrypted block: its sealed plaintext hash (storage/encryption/block-cipher.ts). */
  sealed?: Buffer;
}

export type IntentReason = 'write' | 'release';

export interface BlobIntent {
  shard: number;
  blobId: string;
  reason: IntentReason;
  since: Date;
  owner: string | null;
}

/**
 * Blobs: the ordered block list written by one PUT body or one part, one clustering row per
 * block keyed by offset (a Range GET seeks to its first block). A blob is PENDING while it is
 * written and COMMITTED once an object version or upload part points at it.
 */
export class BlobRepository {
  constructor(private readonly db: CqlClient) {}

  newId(): string {
    return cassandra.types.TimeUuid.now().toString();
  }

  /** Records a blob about to be written, with a 'write' intent the sweeper reclaims if we crash. */
  async begin(blobId: string): Promise<void> {
    await this.db.execute(
      "INSERT INTO blobs (blob_id, state, created_at) VALUES (?, 'PENDING', toTimestamp(now()))",
      [blobId],
    );
    await this.addIntent(blobId, 'write', null);
  }

  async addBlocks(blobId: string, blocks: readonly BlobBlock[]): Promise<void> {
    if (blocks.length === 0) return;
    const queries = blocks.map((b) => ({
      query: 'INSERT INTO blob_blocks (blob_id, offset, hash, size, sealed) VALUES (?, ?, ?, ?, ?)',
      params: [blobId, b.offset, b.hash, b.size, b.sealed ?? null],
    }));
    // One partition: an unlogged batch is a single atomic mutation.
    await this.db.batch(queries, { logged: false, prepare: true });
  }

  /** PENDING -> COMMITTED. False if the sweeper abandoned the blob first (the write must fail). */
  async commit(blobId: string, size: number): Promise<boolean> {
    const rs = await this.db.execute(
      "UPDATE blobs SET state = 'COMMITTED', size = ? WHERE blob_id = ? IF state = 'PENDING'",
      [size, blobId],
    );
    return rs.first().get('[applied]') === true;
  }

  /** PENDING -> ABANDONED, taken by the sweeper for a write that never finished. */
  async abandon(blobId: string): Promise<boolean> {
    const rs = await this.db.execute(
      "UPDATE blobs SET state = 'ABANDONED' WHERE blob_id = ? IF state = 'PENDING'",
      [blobId],
    );
    return rs.first().get('[applied]') === true;
  }

  async state(blobId: string): Promise<string | undefined> {
    const row = (await this.db.execute('SELECT state FROM blobs WHERE blob_id = ?', [blobId])).first();
    return (row?.get('state') as string | null) ?? undefined;
  }

  /** Blocks from the one containing `fromOffset` on, in order, paged from Cassandra. */
  async *blocks(blobId: string, fromOffset = 0): AsyncGenerator<BlobBlock> {
    let start = 0;
    if (fromOffset > 0) {
      const first = await this.db.execute(
        'SELECT offset FROM blob_blocks WHERE blob_id = ? AND offset <= ? ORDER BY offset DESC LIMIT 1',
        [blobId, fromOffset],
      );
      start = Number(first.first()?.get('offset') ?? 0);
    }
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute(
        'SELECT offset, hash, size, sealed FROM blob_blocks WHERE blob_id = ? AND offset >= ?',
        [blobId, start],
        { fetchSize: 1000, pageState },
      );
      for (const row of rs.rows) {
        const sealed = row.get('sealed') as Buffer | null;
        yield {
          offset: Number(row.get('offset')),
          hash: row.get('hash') as string,
          size: row.get('size') as number,
          ...(sealed ? { sealed } : {}),
        };
      }
      pageState = rs.pageState ?? undefined;
    } while (pageState);
  }

  async deleteRows(blobId: string): Promise<void> {
    await this.db.execute('DELETE FROM blob_blocks WHERE blob_id = ?', [blobId]);
    await this.db.execute('DELETE FROM blobs WHERE blob_id = ?', [blobId]);
  }

  async addIntent(blobId: string, reason: IntentReason, owner: string | null): Promise<void> {
    await this.db.execute(
      'INSERT INTO blob_intents (shard, blob_id, reason, since, owner) VALUES (?, ?, ?, toTimestamp(now()), ?)',
      [shardOf(blobId), blobId, reason, owner],
    );
  }

  /** Refreshes an intent's age without touching its owner (a long upload's heartbeat). */
  async touchIntent(blobId: string, reason: IntentReason): Promise<void> {
    await this.db.execute(
      'UPDATE blob_intents SET since = toTimestamp(now()) WHERE shard = ? AND blob_id = ? AND reason = ?',
      [shardOf(blobId), blobId, reason],
    );
  }

  async removeIntent(blobId: string, reason: IntentReason): Promise<void> {
    await this.db.execute('DELETE FROM blob_intents WHERE shard = ? AND blob_id = ? AND reason = ?', [
      shardOf(blobId),
      blobId,
      reason,
    ]);
  }

  /** Whether any intent (write or release) is pending on the blob. */
  async hasIntent(blobId: string): Promise<boolean> {
    const rs = await this.db.execute(
      'SELECT reason FROM blob_intents WHERE shard = ? AND blob_id = ? LIMIT 1',
      [shardOf(blobId), blobId],
    );
    return rs.rowLength > 0;
  }

  async *intents(): AsyncGenerator<BlobIntent> {
    for (let shard = 0; shard < INTENT_SHARDS; shard++) {
      let pageState: string | undefined;
      do {
        const rs = await this.db.execute(
          'SELECT blob_id, reason, since, owner FROM blob_intents WHERE shard = ?',
          [shard],
          {
            fetchSize: 500,
            pageState,
          },
        );
        for (const row of rs.rows) {
          yield {
            shard,
            blobId: String(row.get('blob_id')),
            reason: row.get('reason') as IntentReason,
            since: row.get('since') as Date,
            owner: (row.get('owner') as string | null) ?? null,
          };
        }
        pageState = rs.pageState ?? undefined;
      } while (pageState);
    }
  }
}

function shardOf(blobId: string): number {
  // The low bits of a timeuuid's first field vary fastest: a cheap, even spread.
  return Number.parseInt(blobId.slice(6, 8), 16) % INTENT_SHARDS;
}
