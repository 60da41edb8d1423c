import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccountError } from '../accounts/account-error.js';
import { ROOT_ACCOUNT } from '../accounts/root-account.js';
import { type AuthContext, authenticate, type SecretLookup } from '../auth/authenticate.js';
import { readCapped } from '../body/xml-body.js';
import { isS3Error, S3Error } from '../errors.js';
import type { Logger } from '../logger.js';
import { type AdminResult, type AdminServices, matchAdminRoute } from './admin-routes.js';

export const ADMIN_PREFIX = '/_ok/admin';
const MAX_BODY = 64 * 1024;
const STATUS_OF: Record<AccountError['code'], number> = { InvalidInput: 400, NotFound: 404, Conflict: 409 };

export interface AdminDeps {
  services: AdminServices;
  /** The server's credential store; only the root principal is then let through. */
  lookup: SecretLookup;
  log: Logger;
}

/** The admin API: SigV4 by the root credentials, JSON in and out (routes in admin-routes.ts). */
export function createAdminHandler(deps: AdminDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
    let result: AdminResult;
    try {
      const auth = await authenticate(
        { method, rawPath, rawQuery, rawHeaders: req.rawHeaders, now: new Date() },
        deps.lookup,
      );
      // SigV2 signs no body: the admin API's JSON bodies must be covered by a SigV4 payload hash.
      if (auth.signatureVersion === 'AWS') {
        throw new S3Error('InvalidRequest', 'The admin API requires AWS4-HMAC-SHA256 signatures.');
      }
      if (auth.principal !== ROOT_ACCOUNT.id) throw new S3Error('AccessDenied');
      const matched = matchAdminRoute(method, rawPath.slice(ADMIN_PREFIX.length));
      if (!matched) throw new AccountError('NotFound', `no admin route ${method} ${rawPath}`);
      const body = await jsonBody(req, auth);
      result = await matched.route.run(deps.services, matched.params, body);
      deps.log.info({ admin: `${method} ${rawPath}`, status: result.status }, 'admin request');
    } catch (err) {
      result = errorResult(err, deps.log);
    }
    if (!req.complete) res.setHeader('Connection', 'close');
    res.statusCode = result.status;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(result.json));
  };
}

/** The JSON body; its SHA-256 must match the signed x-amz-content-sha256. */
async function jsonBody(req: IncomingMessage, auth: AuthContext): Promise<Record<string, unknown>> {
  if (auth.payload.kind !== 'sha256' && auth.payload.kind !== 'unsigned') {
    throw new S3Error('InvalidRequest', 'The admin API takes plain JSON bodies.');
  }
  const text = await readCapped(req, MAX_BODY);
  if (
    auth.payload.kind === 'sha256' &&
    createHash('sha256').update(text).digest('hex') !== auth.payload.hex
  ) {
    throw new S3Error('XAmzContentSHA256Mismatch');
  }
  if (text.trim() === '') return {};
  try {
    const doc: unknown = JSON.parse(text);
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AccountError('InvalidInput', 'the body must be a JSON object');
}

function errorResult(err: unknown, log: Logger): AdminResult {
  if (err instanceof AccountError) {
    return { status: STATUS_OF[err.code], json: { error: { code: err.code, message: err.message } } };
  }
  if (isS3Error(err))
    return { status: err.status, json: { error: { code: err.code, message: err.message } } };
  log.error({ err }, 'admin request failed');
  return { status: 500, json: { error: { code: 'InternalError', message: 'internal error' } } };
}
