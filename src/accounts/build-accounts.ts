import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { AccessKeyRepository } from '../metadata/access-key-repository.js';
import { AccountRepository } from '../metadata/account-repository.js';
import type { CqlClient } from '../metadata/cassandra-client.js';
import { AccountAdmin } from './account-admin.js';
import { applySeed, readSeedFile } from './account-seed.js';
import { CredentialStore } from './credential-store.js';
import { masterKeyFrom, SecretBox } from './secret-box.js';

export interface AccountsModule {
  credentials: CredentialStore;
  admin: AccountAdmin;
}

/** Builds the credential store and account management, then applies OKS3_ACCOUNTS_FILE if set. */
export async function buildAccounts(config: Config, db: CqlClient, log: Logger): Promise<AccountsModule> {
  const accounts = new AccountRepository(db);
  const keys = new AccessKeyRepository(db);
  const box = new SecretBox(masterKeyFrom(config.masterKey, config.rootCredentials.secretAccessKey));
  const credentials = new CredentialStore({
    keys,
    accounts,
    box,
    ttlMs: config.credentialCacheSeconds * 1000,
  });
  const admin = new AccountAdmin({
    accounts,
    keys,
    box,
    credentials,
    rootAccessKeyId: config.rootCredentials.accessKeyId,
  });
  if (config.accountsFile !== undefined) {
    await applySeed(admin, await readSeedFile(config.accountsFile), log);
  }
  return { credentials, admin };
}
