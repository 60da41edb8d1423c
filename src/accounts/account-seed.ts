import { readFile } from 'node:fs/promises';
import type { Logger } from '../logger.js';
import type { AccountAdmin } from './account-admin.js';
import { AccountError } from './account-error.js';

export interface SeedAccount {
  name: string;
  keys: { accessKeyId: string; secretAccessKey: string }[];
}

/**
 * Reads OKS3_ACCOUNTS_FILE: `[{ "name": "alice", "keys": [{ "accessKeyId": "...",
 * "secretAccessKey": "..." }] }]`. The shape is checked here; names and keys by AccountAdmin.
 */
export async function readSeedFile(file: string): Promise<SeedAccount[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`OKS3_ACCOUNTS_FILE ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(doc)) throw new Error(`OKS3_ACCOUNTS_FILE ${file}: expected a JSON array of accounts`);
  return doc.map((entry: unknown, i) => {
    const e = (entry ?? {}) as { name?: unknown; keys?: unknown };
    const keys = e.keys ?? [];
    if (typeof e.name !== 'string' || !Array.isArray(keys)) {
      throw new Error(`OKS3_ACCOUNTS_FILE ${file}: entry ${i} needs a "name" string and a "keys" array`);
    }
    return {
      name: e.name,
      keys: keys.map((k: unknown) => {
        const key = (k ?? {}) as { accessKeyId?: unknown; secretAccessKey?: unknown };
        if (typeof key.accessKeyId !== 'string' || typeof key.secretAccessKey !== 'string') {
          throw new Error(
            `OKS3_ACCOUNTS_FILE ${file}: a key of "${e.name}" needs accessKeyId and secretAccessKey`,
          );
        }
        return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
      }),
    };
  });
}

/**
 * Creates the missing accounts and keys; existing ones are left as they are (a key disabled
 * through the admin API stays disabled). Safe to run at every start and from several servers.
 */
export async function applySeed(
  admin: AccountAdmin,
  seed: readonly SeedAccount[],
  log: Logger,
): Promise<void> {
  for (const entry of seed) {
    try {
      const { created } = await admin.createAccount(entry.name);
      if (created) log.info({ account: entry.name }, 'seeded account');
      for (const given of entry.keys) {
        const { key, created: keyCreated } = await admin.createKey(entry.name, given);
        if (keyCreated) log.info({ account: entry.name, accessKeyId: key.accessKeyId }, 'seeded access key');
      }
    } catch (err) {
      if (err instanceof AccountError)
        throw new Error(`OKS3_ACCOUNTS_FILE, account "${entry.name}": ${err.message}`);
      throw err;
    }
  }
}
