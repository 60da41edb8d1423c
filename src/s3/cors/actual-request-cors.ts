import type { IncomingHttpHeaders } from 'node:http';
import type { Context, RequestTarget } from '../action.js';
import { corsResponseHeaders, matchCorsRule } from './cors-match.js';

/**
 * The CORS headers of an actual (non-preflight) request's answer, success or error alike: none
 * without an `Origin` (so a request without one costs no lookup), none for a bucket without rules
 * or a request no rule allows; S3 refuses only preflights and serves the request either way.
 * The method matched is the request's, or its `Access-Control-Request-Method` when it carries one,
 * as S3 was observed to do.
 */
export async function actualRequestCors(
  ctx: Context,
  method: string,
  target: RequestTarget | undefined,
  headers: IncomingHttpHeaders,
): Promise<Record<string, string>> {
  const origin = headers.origin;
  if (origin === undefined || target?.bucket === undefined) return {};
  const bucket = await ctx.buckets.get(target.bucket);
  const rules = bucket && (await ctx.cors.get(bucket));
  if (!rules) return {};
  const asked = headers['access-control-request-method'];
  const rule = matchCorsRule(rules, origin, typeof asked === 'string' ? asked : method);
  return rule ? corsResponseHeaders(rule, origin) : {};
}
