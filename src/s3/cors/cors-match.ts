import type { CorsRule } from '../../storage/cors-store.js';

/**
 * How S3 picks the CORS rule of a request: the first rule whose AllowedOrigin matches the
 * `Origin` header, whose AllowedMethod is the method, and, for a preflight, under which every
 * requested header matches an AllowedHeader.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
 */
export function matchCorsRule(
  rules: readonly CorsRule[],
  origin: string,
  method: string,
  requestedHeaders: readonly string[] = [],
): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedMethods.includes(method) &&
      rule.allowedOrigins.some((pattern) => wildcardMatch(pattern, origin)) &&
      requestedHeaders.every((h) => rule.allowedHeaders.some((p) => wildcardMatch(p.toLowerCase(), h))),
  );
}

/**
 * A pattern with at most one `*`, anchored at both ends; `*` matches any run of characters, the
 * empty one included. Scheme, host and port are compared as written: `http://a.com` does not
 * match `http://a.com:80` (https://repost.aws/knowledge-center/s3-configure-cors).
 */
export function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** The names of an `Access-Control-Request-Headers` value, lower-cased, as S3 answers them. */
export function requestedHeaderNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

/** S3 names all three request headers its answer depends on, on a preflight and an actual request. */
export const CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/**
 * The headers S3 sends with an answer a rule allowed, preflight or actual: the origin (or `*`
 * for a rule open to every origin, which then allows no credentials), the rule's methods, the
 * headers it exposes, its max age, and Vary.
 */
export function corsResponseHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes('*');
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': anyOrigin ? '*' : origin,
    'Access-Control-Allow-Methods': rule.allowedMethods.join(', '),
  };
  if (!anyOrigin) headers['Access-Control-Allow-Credentials'] = 'true';
  if (rule.exposeHeaders.length > 0) headers['Access-Control-Expose-Headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = String(rule.maxAgeSeconds);
  headers.Vary = CORS_VARY;
  return headers;
}
