import type { AccessKeyRepository, KeyStatus, StoredKey } from '../metadata/access-key-repository.js';
import type { Account, AccountRepository, AccountStatus } from '../metadata/account-repository.js';
import { AccountError } from './account-error.js';
import {
  checkAccessKey,
  checkAccountName,
  newAccessKeyId,
  newSecretAccessKey,
  normalEmail,
} from './account-identifiers.js';
import { associatedData, type CredentialStore } from './credential-store.js';
import type { SecretBox } from './secret-box.js';

export interface KeySummary {
  accessKeyId: string;
  status: KeyStatus;
  createdAt: string;
}

export interface AccountSummary {
  accountId: string;
  name: string;
  status: AccountStatus;
  createdAt: string;
  /** What ACL grants by e-mail address resolve to this account. */
  email?: string;
  keys: KeySummary[];
}

export interface IssuedKey {
  accountId: string;
  accountName: string;
  accessKeyId: string;
  /** Shown once, when the key is created; stored only sealed. */
  secretAccessKey: string;
}

export interface AccountAdminDeps {
  accounts: AccountRepository;
  keys: AccessKeyRepository;
  box: SecretBox;
  credentials: CredentialStore;
  /** The root key id, which no account key may take. */
  rootAccessKeyId: string;
}

/** Account and key management: what the admin API and the seed file call. */
export class AccountAdmin {
  constructor(private readonly deps: AccountAdminDeps) {}

  /** Creates an account, with its e-mail address when given (only if the account is new). */
  async createAccount(name: string, email?: string): Promise<{ account: AccountSummary; created: boolean }> {
    checkAccountName(name);
    const address = email === undefined ? undefined : normalEmail(email);
    if (address !== undefined && (await this.deps.accounts.byEmail(address))) throw emailTaken(address);
    const { account, created } = await this.deps.accounts.create(name);
    if (!created || address === undefined) return { account: await this.summary(account), created };
    if (!(await this.deps.accounts.setEmail(account, address))) throw emailTaken(address);
    return { account: await this.summary({ ...account, email: address }), created };
  }

  /** Gives an account an e-mail address (replacing its previous one); one account per address. */
  async setEmail(name: string, email: string): Promise<AccountSummary> {
    const address = normalEmail(email);
    const account = await this.account(name);
    if (!(await this.deps.accounts.setEmail(account, address))) throw emailTaken(address);
    return this.summary({ ...account, email: address });
  }

  async listAccounts(): Promise<AccountSummary[]> {
    const accounts = await this.deps.accounts.list();
    return Promise.all(accounts.map((a) => this.summary(a)));
  }

  /** Generates a key, or stores the given one (seeding); `created` is false when it already existed. */
  async createKey(
    accountName: string,
    given?: { accessKeyId: string; secretAccessKey: string },
  ): Promise<{ key: IssuedKey; created: boolean }> {
    const account = await this.account(accountName);
    const accessKeyId = given?.accessKeyId ?? newAccessKeyId();
    const secretAccessKey = given?.secretAccessKey ?? newSecretAccessKey();
    checkAccessKey(accessKeyId, secretAccessKey);
    if (accessKeyId === this.deps.rootAccessKeyId) {
      throw new AccountError('Conflict', 'that access key id is the root key id');
    }
    const stored: StoredKey = {
      accessKeyId,
      accountId: account.id,
      sealedSecret: this.deps.box.seal(secretAccessKey, associatedData(accessKeyId, account.id)),
      status: 'active',
      createdAt: new Date(),
    };
    const existing = await this.deps.keys.insert(stored);
    if (existing && existing.accountId !== account.id) {
      throw new AccountError('Conflict', `access key ${accessKeyId} belongs to another account`);
    }
    if (existing) {
      const current = this.deps.box.open(existing.sealedSecret, associatedData(accessKeyId, account.id));
      if (current !== secretAccessKey) {
        throw new AccountError('Conflict', `access key ${accessKeyId} exists with another secret`);
      }
    }
    const key = { accountId: account.id, accountName: account.name, accessKeyId, secretAccessKey };
    return { key, created: existing === undefined };
  }

  async setKeyStatus(accessKeyId: string, status: KeyStatus): Promise<KeySummary> {
    const key = await this.deps.keys.get(accessKeyId);
    if (!key) throw new AccountError('NotFound', `no access key ${accessKeyId}`);
    await this.deps.keys.setStatus(accessKeyId, status);
    this.deps.credentials.invalidate(accessKeyId);
    return { accessKeyId, status, createdAt: key.createdAt.toISOString() };
  }

  async setAccountStatus(name: string, status: AccountStatus): Promise<AccountSummary> {
    const account = await this.account(name);
    await this.deps.accounts.setStatus(account.id, status);
    this.deps.credentials.invalidate();
    return this.summary({ ...account, status });
  }

  private async account(name: string): Promise<Account> {
    const account = await this.deps.accounts.byName(name);
    if (!account) throw new AccountError('NotFound', `no account named "${name}"`);
    return account;
  }

  private async summary(account: Account): Promise<AccountSummary> {
    const keys = await this.deps.keys.listForAccount(account.id);
    return {
      accountId: account.id,
      name: account.name,
      status: account.status,
      createdAt: account.createdAt.toISOString(),
      ...(account.email !== undefined ? { email: account.email } : {}),
      keys: keys.map((k) => ({
        accessKeyId: k.accessKeyId,
        status: k.status,
        createdAt: k.createdAt.toISOString(),
      })),
    };
  }
}

function emailTaken(email: string): AccountError {
  return new AccountError('Conflict', `the e-mail address ${email} belongs to another account`);
}
