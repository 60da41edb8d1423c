import type { CredentialStore } from '../accounts/credential-store.js';
import type { Config } from '../config.js';
import type { SecretLookup } from '../http/auth/authenticate.js';
import { ROOT_OWNER } from './access.js';

/** The root key pair from the configuration alone (the admin API accepts nothing else). */
export function rootCredentialLookup(config: Config): SecretLookup {
  const { accessKeyId, secretAccessKey } = config.rootCredentials;
  return async (id) => (id === accessKeyId ? { secretAccessKey, principal: ROOT_OWNER.id } : undefined);
}

/** The S3 credential store: the root key pair, then the access keys of accounts. */
export function credentialLookup(config: Config, accounts: CredentialStore): SecretLookup {
  const root = rootCredentialLookup(config);
  return async (id) => (await root(id)) ?? accounts.resolve(id);
}
