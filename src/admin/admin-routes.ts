import type { AccountAdmin } from '../accounts/account-admin.js';
import { AccountError } from '../accounts/account-error.js';

export interface AdminResult {
  status: number;
  json: unknown;
}

interface AdminRoute {
  method: string;
  /** Matched against the path after `/_ok/admin`; captures are the decoded parameters. */
  path: RegExp;
  run(admin: AccountAdmin, params: string[], body: Record<string, unknown>): Promise<AdminResult>;
}

/**
 * The admin API (JSON), outside the S3 namespace: `_ok` is not a valid bucket name.
 *   GET  /_ok/admin/accounts                      list accounts and their keys
 *   POST /_ok/admin/accounts {"name": "alice", "email"?: "a@example.com"}   create an account
 *   POST /_ok/admin/accounts/{name}/email {"email": "a@example.com"}      set its e-mail address
 *   POST /_ok/admin/accounts/{name}/keys          create a key (the secret is in this answer only)
 *   POST /_ok/admin/accounts/{name}/disable|enable
 *   POST /_ok/admin/keys/{accessKeyId}/disable|enable
 */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: /^\/accounts$/,
    run: async (admin) => ({ status: 200, json: { accounts: await admin.listAccounts() } }),
  },
  {
    method: 'POST',
    path: /^\/accounts$/,
    run: async (admin, _params, body) => {
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
    run: async (admin, [name]) => ({ status: 201, json: (await admin.createKey(name!)).key }),
  },
  {
    method: 'POST',
    path: /^\/accounts\/([^/]+)\/email$/,
    run: async (admin, [name], body) => {
      if (typeof body.email !== 'string')
        throw new AccountError('InvalidInput', 'the body needs an "email" string');
      return { status: 200, json: await admin.setEmail(name!, body.email) };
    },
  },
  {
    method: 'POST',
    path: /^\/accounts\/([^/]+)\/(disable|enable)$/,
    run: async (admin, [name, action]) => ({
      status: 200,
      json: await admin.setAccountStatus(name!, action === 'disable' ? 'disabled' : 'active'),
    }),
  },
  {
    method: 'POST',
    path: /^\/keys\/([^/]+)\/(disable|enable)$/,
    run: async (admin, [id, action]) => ({
      status: 200,
      json: await admin.setKeyStatus(id!, action === 'disable' ? 'disabled' : 'active'),
    }),
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
