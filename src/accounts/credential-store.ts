import type { AccessKeyRepository } from '../metadata/access-key-repository.js';
import type { AccountRepository } from '../metadata/account-repository.js';
import type { SecretBox } from './secret-box.js';

export interface ResolvedKey {
  secretAccessKey: string;
  /** The canonical id of the account the key belongs to. */
  principal: string;
}

interface CacheEntry {
  expires: number;
  value: ResolvedKey | undefined;
}

/** Bound on cached keys, so random key ids cannot grow the process without limit. */
const CACHE_LIMIT = 10_000;

/**
 * Resolves access keys of accounts for SigV4: reads the key and its account, checks both are
 * active, opens the sealed secret. Answers are cached for `ttlMs` so authentication does not query
 * Cassandra on every request; a key or account disabled on another server therefore stops working
 * within `ttlMs` (this server's own admin calls invalidate at once). Unknown ids are not cached:
 * a key created elsewhere works at its first use.
 */
export class CredentialStore {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly deps: {
      keys: AccessKeyRepository;
      accounts: AccountRepository;
      box: SecretBox;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  async resolve(accessKeyId: string): Promise<ResolvedKey | undefined> {
    const now = (this.deps.now ?? Date.now)();
    const hit = this.cache.get(accessKeyId);
    if (hit && hit.expires > now) return hit.value;
    this.cache.delete(accessKeyId);
    const key = await this.deps.keys.get(accessKeyId);
    if (!key) return undefined;
    const account = await this.deps.accounts.get(key.accountId);
    const usable = key.status === 'active' && account?.status === 'active';
    const value = usable
      ? {
          secretAccessKey: this.deps.box.open(
            key.sealedSecret,
            associatedData(key.accessKeyId, key.accountId),
          ),
          principal: key.accountId,
        }
      : undefined;
    if (this.deps.ttlMs > 0) {
      this.cache.set(accessKeyId, { expires: now + this.deps.ttlMs, value });
      if (this.cache.size > CACHE_LIMIT) {
        const oldest = this.cache.keys().next();
        if (!oldest.done) this.cache.delete(oldest.value);
      }
    }
    return value;
  }

  /** Forgets one key, or every key (after an account changed). */
  invalidate(accessKeyId?: string): void {
    if (accessKeyId === undefined) this.cache.clear();
    else this.cache.delete(accessKeyId);
  }
}

/** What a sealed secret is bound to: its key id and its account. */
export function associatedData(accessKeyId: string, accountId: string): string {
  return `${accessKeyId}\n${accountId}`;
}
