import type { Config } from '../../config.js';
import type { StoreSettings } from '../../metadata/store-settings.js';
import { KeyRing } from './key-ring.js';
import { loadMasterKey } from './master-key-file.js';

const CHECK_SETTING = 'sse_master_key_check';

/**
 * The key ring from the configuration. The first server records a fingerprint of its master key
 * (an LWT, like the chunking sizes); a server started later with another key refuses to run
 * rather than write objects its peers cannot read, or fail to read theirs.
 */
export async function buildKeyRing(config: Config, settings: Pick<StoreSettings, 'claim'>): Promise<KeyRing> {
  const master = await loadMasterKey(config.sseMasterKey, config.sseMasterKeyFile);
  const kms = Object.fromEntries(
    Object.entries(config.kmsKeys).map(([id, key]) => [id, Buffer.from(key, 'base64')]),
  );
  const ring = new KeyRing(master, kms, config.kmsDefaultKeyId);
  const check = ring.masterKeyCheck();
  if ((await settings.claim(CHECK_SETTING, check)) !== check) {
    throw new Error(
      'the SSE master key differs from the one this store was written with (store_settings.sse_master_key_check)',
    );
  }
  return ring;
}
