import type { CqlClient } from './cassandra-client.js';

/** Named facts about the stored data, written once by the first server (`store_settings`). */
export class StoreSettings {
  constructor(private readonly db: CqlClient) {}

  async get(name: string): Promise<string | undefined> {
    const row = (await this.db.execute('SELECT value FROM store_settings WHERE name = ?', [name])).first();
    return (row?.get('value') as string | null) ?? undefined;
  }

  /** Records `value` unless a value exists (an LWT: two servers starting agree); returns the one kept. */
  async claim(name: string, value: string): Promise<string> {
    const rs = await this.db.execute('INSERT INTO store_settings (name, value) VALUES (?, ?) IF NOT EXISTS', [
      name,
      value,
    ]);
    const row = rs.first();
    return row.get('[applied]') === true ? value : (row.get('value') as string);
  }

  /** Whether any blob was ever written: a store older than its recorded settings. */
  async holdsData(): Promise<boolean> {
    return (await this.db.execute('SELECT blob_id FROM blobs LIMIT 1', [])).rowLength > 0;
  }
}
