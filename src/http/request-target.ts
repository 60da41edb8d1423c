import { S3Error } from '../errors.js';
import type { RequestTarget } from '../s3/action.js';

export type { RequestTarget } from '../s3/action.js';

export const MAX_KEY_BYTES = 1024;

/**
 * Splits `rawUrl` into bucket and key. With `domain` configured, `Host: <bucket>.<domain>` selects
 * virtual-hosted style and the whole path is the key.
 */
export function parseRequestTarget(
  rawUrl: string,
  host: string | undefined,
  domain: string | undefined,
): RequestTarget {
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
  if (!rawPath.startsWith('/')) throw new S3Error('InvalidRequest', 'The request URI is not valid.');
  const query = parseQuery(rawQuery);
  const vhostBucket = virtualHostBucket(host, domain);

  const path = rawPath.slice(1);
  let bucket: string | undefined;
  let rawKey: string | undefined;
  if (vhostBucket !== undefined) {
    bucket = vhostBucket;
    rawKey = path === '' ? undefined : path;
  } else if (path !== '') {
    const slash = path.indexOf('/');
    bucket = decode(slash === -1 ? path : path.slice(0, slash));
    const rest = slash === -1 ? '' : path.slice(slash + 1);
    rawKey = rest === '' ? undefined : rest;
  }
  const key = rawKey === undefined ? undefined : decode(rawKey);
  if (key !== undefined && Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', undefined, { MaxSizeAllowed: MAX_KEY_BYTES });
  }
  return {
    bucket,
    key,
    rawPath,
    rawQuery,
    query,
    style: vhostBucket === undefined ? 'path' : 'virtual-host',
  };
}

function virtualHostBucket(host: string | undefined, domain: string | undefined): string | undefined {
  if (!host || !domain) return undefined;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  const suffix = `.${domain.toLowerCase()}`;
  if (!hostname.endsWith(suffix)) return undefined;
  const bucket = hostname.slice(0, -suffix.length);
  return bucket === '' ? undefined : bucket;
}

/**
 * Query parsing by hand. A raw `+` in the query is a space, as S3 (and the signature check in
 * auth/canonical-request.ts) reads it: SDKs send `%2B` for a plus, form-style clients `+` for a
 * space. In the path (the key) `+` stays a plus.
 */
export function parseQuery(rawQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  if (rawQuery === '') return out;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode((eq === -1 ? part : part.slice(0, eq)).replaceAll('+', ' '));
    const value = eq === -1 ? '' : decode(part.slice(eq + 1).replaceAll('+', ' '));
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new S3Error('InvalidRequest', 'The request URI contains an invalid percent-encoding.');
  }
}
