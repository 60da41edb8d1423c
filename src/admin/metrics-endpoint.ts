import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_ACCOUNT } from '../accounts/root-account.js';
import { authenticate, type SecretLookup } from '../auth/authenticate.js';
import { S3Error } from '../errors.js';
import { sendError } from '../http/send.js';
import type { Logger } from '../logger.js';

export const METRICS_PATH = '/_ok/metrics';

export interface MetricsEndpointDeps {
  /** The Prometheus exposition (src/metrics). */
  exposition: { contentType: string; text(): Promise<string> };
  /** OKS3_METRICS_TOKEN: a scraper may send `Authorization: Bearer <token>`; undefined = root only. */
  token: string | undefined;
  lookup: SecretLookup;
  log: Logger;
}

/**
 * `GET /_ok/metrics`: the Prometheus text, for a bearer token equal to OKS3_METRICS_TOKEN or a
 * request signed by the root account (SigV4 or SigV2, header or presigned). Anything else is
 * `403 AccessDenied` in S3's error XML: metrics name the actions and volumes of the store.
 */
export function createMetricsEndpoint(deps: MetricsEndpointDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
    try {
      if (!(await allowed(req, rawPath, rawQuery, deps))) throw new S3Error('AccessDenied');
      const text = await deps.exposition.text();
      res.statusCode = 200;
      res.setHeader('Content-Type', deps.exposition.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(text);
    } catch (err) {
      if (!(err instanceof S3Error)) deps.log.error({ err }, 'metrics scrape failed');
      sendError(res, err, rawPath, randomBytes(8).toString('hex').toUpperCase(), req.method === 'HEAD');
    }
  };
}

async function allowed(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  deps: MetricsEndpointDeps,
): Promise<boolean> {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer (.+)$/.exec(header)?.[1];
  if (bearer !== undefined) return deps.token !== undefined && sameSecret(bearer, deps.token);
  const auth = await authenticate(
    { method: req.method ?? 'GET', rawPath, rawQuery, rawHeaders: req.rawHeaders, now: new Date() },
    deps.lookup,
  );
  return auth.principal === ROOT_ACCOUNT.id;
}

/** Compared as SHA-256 digests, so neither the length nor a prefix leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
