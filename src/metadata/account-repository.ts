import { randomBytes } from 'node:crypto';
import type { CqlClient } from './cassandra-client.js';

export type AccountStatus = 'active' | 'disabled';

export interface Account {
  /** Canonical user id (64 hex). */
  id: string;
  name: string;
  status: AccountStatus;
  createdAt: Date;
  /** Lower-cased; what ACL grants by e-mail address name. */
  email?: string;
}

interface RowLike {
  get(name: string): unknown;
}

/**
 * Tables `accounts` (by canonical id), `account_names` (name -> id) and `account_emails`
 * (e-mail -> id). A name is claimed with an LWT before the account row is written, so two
 * creations of one name cannot both win; a creation that stopped between the two writes is
 * completed by the next one. An e-mail address is claimed the same way before the account row
 * names it; a claim whose account does not name the address (a change that stopped half way) is
 * stale and may be taken over.
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

  /** The account whose row names this (lower-cased) address. */
  async byEmail(email: string): Promise<Account | undefined> {
    const row = (
      await this.db.execute('SELECT account_id FROM account_emails WHERE email = ?', [email])
    ).first();
    const account = row ? await this.get(row.get('account_id') as string) : undefined;
    return account?.email === email ? account : undefined;
  }

  /** Gives the account this address; false when another account holds it. */
  async setEmail(account: Account, email: string): Promise<boolean> {
    const claim = (
      await this.db.execute('INSERT INTO account_emails (email, account_id) VALUES (?, ?) IF NOT EXISTS', [
        email,
        account.id,
      ])
    ).first();
    const holder = claim.get('[applied]') === true ? account.id : (claim.get('account_id') as string);
    if (holder !== account.id && !(await this.takeOverStale(email, holder, account.id))) return false;
    await this.db.execute('UPDATE accounts SET email = ? WHERE account_id = ?', [email, account.id]);
    if (account.email !== undefined && account.email !== email) {
      await this.db.execute('DELETE FROM account_emails WHERE email = ? IF account_id = ?', [
        account.email,
        account.id,
      ]);
    }
    return true;
  }

  private async takeOverStale(email: string, holder: string, id: string): Promise<boolean> {
    if ((await this.get(holder))?.email === email) return false;
    const moved = (
      await this.db.execute('UPDATE account_emails SET account_id = ? WHERE email = ? IF account_id = ?', [
        id,
        email,
        holder,
      ])
    ).first();
    return moved.get('[applied]') === true;
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
    ...(typeof row.get('email') === 'string' ? { email: row.get('email') as string } : {}),
  };
}
