import type { SecretLookup } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import type { CredentialStore } from './credential-store.js';
import { ROOT_ACCOUNT } from './root-account.js';

/** The root key pair from the configuration alone (the admin API accepts nothing else). */
export function rootCredentialLookup(config: Config): SecretLookup {
  const { accessKeyId, secretAccessKey } = config.rootCredentials;
  return async (id) => (id === accessKeyId ? { secretAccessKey, principal: ROOT_ACCOUNT.id } : undefined);
}

/** The S3 credential store: the root key pair, then the access keys of accounts. */
export function credentialLookup(config: Config, accounts: CredentialStore): SecretLookup {
  const root = rootCredentialLookup(config);
  return async (id) => (await root(id)) ?? accounts.resolve(id);
}
