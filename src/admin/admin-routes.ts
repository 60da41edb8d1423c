import type { AccountAdmin } from '../accounts/account-admin.js';
import { AccountError } from '../accounts/account-error.js';
import type { ScrubReport } from '../storage/background/scrubber.js';

/** What the admin routes act on. */
export interface AdminServices {
  accounts: AccountAdmin;
  scrub: {
    /** Runs a round now, unthrottled; undefined when a round is already running somewhere. */
    run(): Promise<ScrubReport | undefined>;
    last(): Promise<ScrubReport | undefined>;
  };
}

export interface AdminResult {
  status: number;
  json: unknown;
}

interface AdminRoute {
  method: string;
  /** Matched against the path after `/_ok/admin`; captures are the decoded parameters. */
  path: RegExp;
  run(services: AdminServices, params: string[], body: Record<string, unknown>): Promise<AdminResult>;
}

/**
 * The admin API (JSON), outside the S3 namespace: `_ok` is not a valid bucket name.
 *   GET  /_ok/admin/accounts                      list accounts and their keys
 *   POST /_ok/admin/accounts {"name": "alice", "email"?: "a@example.com"}   create an account
 *   POST /_ok/admin/accounts/{name}/email {"email": "a@example.com"}      set its e-mail address
 *   POST /_ok/admin/accounts/{name}/keys          create a key (the secret is in this answer only)
 *   POST /_ok/admin/accounts/{name}/disable|enable
 *   POST /_ok/admin/keys/{accessKeyId}/disable|enable
 *   POST /_ok/admin/scrub                         run a scrub round now and answer its report
 *   GET  /_ok/admin/scrub                         the report of the last finished round
 */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: /^\/accounts$/,
    run: async ({ accounts: admin }) => ({ status: 200, json: { accounts: await admin.listAccounts() } }),
  },
  {
    method: 'POST',
    path: /^\/accounts$/,
    run: async ({ accounts: admin }, _params, body) => {
      if (typeof body.name !== 'string')
        throw new AccountError('InvalidInput', 'the body needs a "name" string');
      if (body.email !== undefined && typeof body.email !== 'string')
        throw new AccountError('InvalidInput', '"email" must be a string');
      const { account, created } = await admin.createAccount(body.name, body.email);
      if (!created) throw new AccountError('Conflict', `account "${body.name}" already exists`);
      return { status: 201, json: account };
    },
  },
  {
    method: 'POST',
    path: /^\/accounts\/([^/]+)\/keys$/,
    run: async ({ accounts: admin }, [name]) => ({ status: 201, json: (await admin.createKey(name!)).key }),
  },
  {
    method: 'POST',
    path: /^\/accounts\/([^/]+)\/email$/,
    run: async ({ accounts: admin }, [name], body) => {
      if (typeof body.email !== 'string')
        throw new AccountError('InvalidInput', 'the body needs an "email" string');
      return { status: 200, json: await admin.setEmail(name!, body.email) };
    },
  },
  {
    method: 'POST',
    path: /^\/accounts\/([^/]+)\/(disable|enable)$/,
    run: async ({ accounts: admin }, [name, action]) => ({
      status: 200,
      json: await admin.setAccountStatus(name!, action === 'disable' ? 'disabled' : 'active'),
    }),
  },
  {
    method: 'POST',
    path: /^\/keys\/([^/]+)\/(disable|enable)$/,
    run: async ({ accounts: admin }, [id, action]) => ({
      status: 200,
      json: await admin.setKeyStatus(id!, action === 'disable' ? 'disabled' : 'active'),
    }),
  },
  {
    method: 'POST',
    path: /^\/scrub$/,
    run: async ({ scrub }) => {
      const report = await scrub.run();
      if (!report) throw new AccountError('Conflict', 'a scrub round is already running');
      return { status: 200, json: report };
    },
  },
  {
    method: 'GET',
    path: /^\/scrub$/,
    run: async ({ scrub }) => {
      const report = await scrub.last();
      if (!report) throw new AccountError('NotFound', 'no scrub round has finished yet');
      return { status: 200, json: report };
    },
  },
];

/** The route for a method and path, with its decoded parameters; undefined when none matches. */
export function matchAdminRoute(
  method: string,
  path: string,
): { route: AdminRoute; params: string[] } | undefined {
  for (const route of ADMIN_ROUTES) {
    const m = route.method === method ? route.path.exec(path) : null;
    if (!m) continue;
    try {
      return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    } catch {
      return undefined; // malformed percent-encoding names nothing
    }
  }
  return undefined;
}
