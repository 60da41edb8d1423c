import type { AccountRepository } from '../metadata/account-repository.js';
import { canonicalOwnerId, ROOT_ACCOUNT } from './root-account.js';

export interface Owner {
  id: string;
  displayName: string;
}

const CACHE_LIMIT = 10_000;

/**
 * Canonical id -> display name (the account name), for Owner elements and for checking that a
 * grantee exists. Accounts are never deleted and never renamed, so answers are cached.
 */
export class AccountDirectory {
  private readonly names = new Map<string, string>();

  constructor(private readonly accounts: AccountRepository) {}

  /** The owner element for a stored owner id; an unknown id is shown as itself. */
  async owner(storedId: string): Promise<Owner> {
    const id = canonicalOwnerId(storedId);
    return { id, displayName: (await this.displayName(id)) ?? id };
  }

  /**
   * The canonical id of the account with this e-mail address (case-insensitive), for ACL grants by
   * e-mail. Not cached: an address may move to another account.
   */
  async idByEmail(email: string): Promise<string | undefined> {
    return (await this.accounts.byEmail(email.trim().toLowerCase()))?.id;
  }

  async displayName(id: string): Promise<string | undefined> {
    if (canonicalOwnerId(id) === ROOT_ACCOUNT.id) return ROOT_ACCOUNT.displayName;
    const cached = this.names.get(id);
    if (cached !== undefined) return cached;
    const account = await this.accounts.get(id);
    if (!account) return undefined;
    this.names.set(id, account.name);
    if (this.names.size > CACHE_LIMIT) {
      const oldest = this.names.keys().next();
      if (!oldest.done) this.names.delete(oldest.value);
    }
    return account.name;
  }
}
