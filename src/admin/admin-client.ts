import type { AccountSummary, IssuedKey, KeySummary } from '../accounts/account-admin.js';
import type { ScrubReport } from '../storage/background/scrubber.js';
import { type SigningCredentials, signRequest } from './sign-request.js';

/** An error answer of the admin API. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'AdminApiError';
  }
}

/** Typed calls of the admin API (src/admin/admin-routes.ts), signed with the root credentials. */
export class AdminClient {
  constructor(
    private readonly endpoint: string,
    private readonly credentials: SigningCredentials,
  ) {}

  createAccount(name: string, email?: string): Promise<AccountSummary> {
    return this.call('POST', '/accounts', email === undefined ? { name } : { name, email });
  }

  setEmail(account: string, email: string): Promise<AccountSummary> {
    return this.call('POST', `/accounts/${encodeURIComponent(account)}/email`, { email });
  }

  async listAccounts(): Promise<AccountSummary[]> {
    return (await this.call<{ accounts: AccountSummary[] }>('GET', '/accounts')).accounts;
  }

  createKey(account: string): Promise<IssuedKey> {
    return this.call('POST', `/accounts/${encodeURIComponent(account)}/keys`);
  }

  setAccountEnabled(account: string, enabled: boolean): Promise<AccountSummary> {
    return this.call('POST', `/accounts/${encodeURIComponent(account)}/${enabled ? 'enable' : 'disable'}`);
  }

  setKeyEnabled(accessKeyId: string, enabled: boolean): Promise<KeySummary> {
    return this.call('POST', `/keys/${encodeURIComponent(accessKeyId)}/${enabled ? 'enable' : 'disable'}`);
  }

  /** Runs a scrub round and waits for its report (fetch gives up after 300 s without an answer). */
  scrub(): Promise<ScrubReport> {
    return this.call('POST', '/scrub');
  }

  lastScrub(): Promise<ScrubReport> {
    return this.call('GET', '/scrub');
  }

  private async call<T>(method: string, path: string, payload?: unknown): Promise<T> {
    const url = new URL(`/_ok/admin${path}`, this.endpoint);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = signRequest(method, url, body, this.credentials);
    if (body !== '') headers['content-type'] = 'application/json';
    // fetch sets Host from the URL itself, to the value that was signed.
    delete headers.host;
    const res = await fetch(url, { method, headers, body: body === '' ? undefined : body }).catch(
      (err: unknown) => {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new AdminApiError(
          0,
          'Unreachable',
          `${url.origin}: ${cause?.code ?? cause?.message ?? String(err)}`,
        );
      },
    );
    const text = await res.text();
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new AdminApiError(res.status, 'BadResponse', text.slice(0, 200));
    }
    if (!res.ok) {
      const error = (doc as { error?: { code?: string; message?: string } }).error;
      throw new AdminApiError(res.status, error?.code ?? 'Error', error?.message ?? `HTTP ${res.status}`);
    }
    return doc as T;
  }
}
