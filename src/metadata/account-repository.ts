import { randomBytes } from 'node:crypto';
import type { CqlClient } from './cassandra-client.js';

export type AccountStatus = 'active' | 'disabled';

export interface Account {
  /** Canonical user id (64 hex). */
  id: string;
  name: string;
  status: AccountStatus;
  createdAt: Date;
}

interface RowLike {
  get(name: string): unknown;
}

/**
 * Tables `accounts` (by canonical id) and `account_names` (name -> id). A name is claimed with an
 * LWT before the account row is written, so two creations of one name cannot both win; a creation
 * that stopped between the two writes is completed by the next one.
 */
export class AccountRepository {
  constructor(private readonly db: CqlClient) {}

  async create(name: string): Promise<{ account: Account; created: boolean }> {
    const id = randomBytes(32).toString('hex'); // a canonical id: 64 hex, as on AWS
    const claim = (
      await this.db.execute('INSERT INTO account_names (name, account_id) VALUES (?, ?) IF NOT EXISTS', [
        name,
        id,
      ])
    ).first();
    const ownerId = claim.get('[applied]') === true ? id : (claim.get('account_id') as string);
    const existing = ownerId === id ? undefined : await this.get(ownerId);
    if (existing) return { account: existing, created: false };
    const account: Account = { id: ownerId, name, status: 'active', createdAt: new Date() };
    await this.db.execute(
      'INSERT INTO accounts (account_id, name, status, created_at) VALUES (?, ?, ?, ?) IF NOT EXISTS',
      [account.id, account.name, account.status, account.createdAt],
    );
    return { account, created: true };
  }

  async get(id: string): Promise<Account | undefined> {
    const row = (await this.db.execute('SELECT * FROM accounts WHERE account_id = ?', [id])).first();
    return row ? toAccount(row) : undefined;
  }

  async byName(name: string): Promise<Account | undefined> {
    const row = (
      await this.db.execute('SELECT account_id FROM account_names WHERE name = ?', [name])
    ).first();
    return row ? this.get(row.get('account_id') as string) : undefined;
  }

  /** Small table (one row per account): a full read, paged by the driver, sorted by name. */
  async list(): Promise<Account[]> {
    const out: Account[] = [];
    let pageState: string | undefined;
    do {
      const rs = await this.db.execute('SELECT * FROM accounts', [], { fetchSize: 500, pageState });
      for (const row of rs.rows) out.push(toAccount(row));
      pageState = rs.pageState ?? undefined;
    } while (pageState);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async setStatus(id: string, status: AccountStatus): Promise<void> {
    await this.db.execute('UPDATE accounts SET status = ? WHERE account_id = ? IF EXISTS', [status, id]);
  }
}

function toAccount(row: RowLike): Account {
  return {
    id: row.get('account_id') as string,
    name: row.get('name') as string,
    status: row.get('status') === 'active' ? 'active' : 'disabled',
    createdAt: row.get('created_at') as Date,
  };
}
