import type { CqlClient } from './cassandra-client.js';

/**
 * Block references: one row per (block, referencing blob), however often the block repeats in
 * the blob. Writing one twice is harmless, and the rows of a block are its reference count.
 */
export class BlockRefRepository {
  constructor(private readonly db: CqlClient) {}

  async add(hash: string, blobId: string): Promise<void> {
    await this.db.execute('INSERT INTO block_refs (hash, blob_id) VALUES (?, ?)', [hash, blobId]);
  }

  async remove(hash: string, blobId: string): Promise<void> {
    await this.db.execute('DELETE FROM block_refs WHERE hash = ? AND blob_id = ?', [hash, blobId]);
  }

  /** Whether anything still references the block. A read error propagates: it never means "no". */
  async isReferenced(hash: string): Promise<boolean> {
    const rs = await this.db.execute('SELECT blob_id FROM block_refs WHERE hash = ? LIMIT 1', [hash]);
    return rs.rowLength > 0;
  }

  /** The blobs that reference the block (what a damaged block affects: storage/background/scrubber.ts). */
  async blobsOf(hash: string): Promise<string[]> {
    const out: string[] = [];
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute('SELECT blob_id FROM block_refs WHERE hash = ?', [hash], {
        fetchSize: 5000,
        pageState,
      });
      for (const row of rs.rows) out.push(String(row.get('blob_id')));
      pageState = rs.pageState ?? undefined;
    } while (pageState);
    return out;
  }

  async count(hash: string): Promise<number> {
    const rs = await this.db.execute('SELECT COUNT(*) AS n FROM block_refs WHERE hash = ?', [hash]);
    return Number(rs.first().get('n'));
  }
}
