import type { CqlClient } from './cassandra-client.js';

export type KeyStatus = 'active' | 'disabled';

export interface StoredKey {
  accessKeyId: string;
  accountId: string;
  /** The secret sealed by SecretBox; never the plaintext. */
  sealedSecret: string;
  status: KeyStatus;
  createdAt: Date;
}

interface RowLike {
  get(name: string): unknown;
}

/**
 * Tables `access_keys` (by key id: the per-request lookup) and `account_keys` (the keys of an
 * account, for listing). The index row is written first and the key row with an LWT, so a key id
 * is never given to two accounts and a listed id that has no key row is simply skipped.
 */
export class AccessKeyRepository {
  constructor(private readonly db: CqlClient) {}

  /** Inserts the key; when the id is taken, returns the existing key instead. */
  async insert(key: StoredKey): Promise<StoredKey | undefined> {
    await this.db.execute('INSERT INTO account_keys (account_id, access_key_id) VALUES (?, ?)', [
      key.accountId,
      key.accessKeyId,
    ]);
    const row = (
      await this.db.execute(
        'INSERT INTO access_keys (access_key_id, account_id, secret, status, created_at) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS',
        [key.accessKeyId, key.accountId, key.sealedSecret, key.status, key.createdAt],
      )
    ).first();
    if (row.get('[applied]') === true) return undefined;
    const existing = toKey(row);
    if (existing.accountId !== key.accountId) {
      await this.db.execute('DELETE FROM account_keys WHERE account_id = ? AND access_key_id = ?', [
        key.accountId,
        key.accessKeyId,
      ]);
    }
    return existing;
  }

  async get(accessKeyId: string): Promise<StoredKey | undefined> {
    const row = (
      await this.db.execute('SELECT * FROM access_keys WHERE access_key_id = ?', [accessKeyId])
    ).first();
    return row ? toKey(row) : undefined;
  }

  async listForAccount(accountId: string): Promise<StoredKey[]> {
    const ids = await this.db.execute('SELECT access_key_id FROM account_keys WHERE account_id = ?', [
      accountId,
    ]);
    const keys = await Promise.all(ids.rows.map((r) => this.get(r.get('access_key_id') as string)));
    return keys.filter((k): k is StoredKey => k !== undefined && k.accountId === accountId);
  }

  async setStatus(accessKeyId: string, status: KeyStatus): Promise<void> {
    await this.db.execute('UPDATE access_keys SET status = ? WHERE access_key_id = ? IF EXISTS', [
      status,
      accessKeyId,
    ]);
  }
}

function toKey(row: RowLike): StoredKey {
  return {
    accessKeyId: row.get('access_key_id') as string,
    accountId: row.get('account_id') as string,
    sealedSecret: row.get('secret') as string,
    status: row.get('status') === 'active' ? 'active' : 'disabled',
    createdAt: row.get('created_at') as Date,
  };
}
