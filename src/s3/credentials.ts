import type { Config } from '../config.js';
import type { SecretLookup } from '../http/auth/authenticate.js';
import { ROOT_OWNER } from './access.js';

/** The credential store until accounts exist: the root key pair from the configuration. */
export function rootCredentialLookup(config: Config): SecretLookup {
  const { accessKeyId, secretAccessKey } = config.rootCredentials;
  return async (id) => (id === accessKeyId ? { secretAccessKey, principal: ROOT_OWNER.id } : undefined);
}
