import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';
import type { Context, RequestTarget, S3Result } from '../action.js';
import { CORS_METHODS } from './cors-configuration.js';
import { corsResponseHeaders, matchCorsRule, requestedHeaderNames } from './cors-match.js';

/** What a browser may name in Access-Control-Request-Method before the bucket is looked at. */
const KNOWN_METHODS = [...CORS_METHODS, 'PATCH', 'OPTIONS'];

/**
 * The answer to a CORS preflight (`OPTIONS` on a bucket or object URL), from the bucket's rules
 * and without authentication: a browser never signs a preflight, and one sent to a presigned URL
 * carries the actual request's signature, which does not sign OPTIONS. The order and the
 * refusals are S3's as recorded by its observers (its documentation lists none of them):
 * no Origin 400; an unknown method 400; no bucket or no configuration 403; a method no rule can
 * allow 400; no matching rule 403.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html
 */
export async function preflight(
  target: RequestTarget,
  headers: IncomingHttpHeaders,
  ctx: Context,
): Promise<S3Result> {
  const origin = single(headers.origin);
  if (origin === undefined) {
    throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.');
  }
  const method = single(headers['access-control-request-method']);
  if (method !== undefined && !KNOWN_METHODS.includes(method)) throw invalidMethod(method);
  const refused = { Method: method ?? 'OPTIONS', ResourceType: 'BUCKET' };
  const bucket = target.bucket === undefined ? undefined : await ctx.buckets.get(target.bucket);
  if (!bucket) throw new S3Error('AccessForbidden', 'CORSResponse: Bucket not found', refused);
  const rules = await ctx.cors.get(bucket);
  if (!rules)
    throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.', refused);
  if (method === undefined || !CORS_METHODS.includes(method)) throw invalidMethod(method ?? 'null');
  const requested = requestedHeaderNames(single(headers['access-control-request-headers']));
  const rule = matchCorsRule(rules, origin, method, requested);
  if (!rule) {
    throw new S3Error('AccessForbidden', NOT_ALLOWED, {
      Method: method,
      ResourceType: target.key === undefined ? 'BUCKET' : 'OBJECT',
    });
  }
  const answer: Record<string, string | number> = {
    ...corsResponseHeaders(rule, origin),
    'Content-Length': 0,
  };
  if (requested.length > 0) answer['Access-Control-Allow-Headers'] = requested.join(', ');
  return { status: 200, headers: answer };
}

/** S3's wording, its spelling of "evalution" included. */
const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

function invalidMethod(method: string): S3Error {
  return new S3Error('BadRequest', `Invalid Access-Control-Request-Method: ${method}`);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
