import { S3Error } from '../errors.js';
import { headerText, headerValues } from './raw-headers.js';
import { percentDecode, uriEncode } from './uri-encoding.js';

/**
 * SigV4 canonical request for S3, built from the raw request as it came off the wire.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */

/** One query parameter after decoding; `value` is '' for valueless params like `?uploads`. */
export interface QueryParam {
  key: string;
  value: string;
  /** Decoded bytes, kept so re-encoding is exact even for non-UTF-8 input. */
  keyBytes: Buffer;
  valueBytes: Buffer;
}

/**
 * S3 is the one service whose path is encoded once and never normalised (no `//` merge, no `.`
 * removal): decode the raw path once, then re-encode (RFC 3986 unreserved kept, uppercase hex).
 * This accepts botocore's `quote(safe='/~')`, the JS SDK's stricter escaping and minio-go's alike.
 * Segments are decoded one by one so an encoded slash (`%2F`) stays `%2F`: the SDKs never send one,
 * and a client that does (encodeURIComponent on the whole key) signs it in that form.
 */
export function canonicalUri(rawPath: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  return path
    .split('/')
    .map((segment) => uriEncode(percentDecode(segment, false)))
    .join('/');
}

/**
 * Parses a raw query string (without '?') ourselves; Express/qs would turn `a[b]` into objects.
 * A raw `+` is read as a space, like MinIO and Go's url.ParseQuery: the AWS SDKs never send a
 * raw `+` (they send `%2B` for a plus and `%20` for a space), so only form-style clients are
 * affected, and for those `+` means space.
 */
export function parseRawQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const keyBytes = percentDecode(eq < 0 ? part : part.slice(0, eq), true);
    const valueBytes = percentDecode(eq < 0 ? '' : part.slice(eq + 1), true);
    params.push({ key: keyBytes.toString('utf8'), value: valueBytes.toString('utf8'), keyBytes, valueBytes });
  }
  return params;
}

/** Encoded `key=value` pairs sorted by encoded key, then value (byte order, as AWS does). */
export function canonicalQuery(params: readonly QueryParam[], exclude?: string): string {
  const pairs: [string, string][] = [];
  for (const param of params) {
    if (param.key === exclude) continue;
    pairs.push([uriEncode(param.keyBytes), uriEncode(param.valueBytes)]);
  }
  pairs.sort(([ka, va], [kb, vb]) => compareAscii(ka, kb) || compareAscii(va, vb));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function compareAscii(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Splits a `SignedHeaders` value (`host;x-amz-date`); undefined when malformed or when `host` is
 * missing (SigV4 requires it). Callers pick the error code: header and query auth differ.
 */
export function parseSignedHeaders(value: string): string[] | undefined {
  const names = value.split(';').map((name) => name.trim().toLowerCase());
  if (names.some((name) => name === '') || !names.includes('host')) return undefined;
  return names;
}

/**
 * `name:value\n` for every signed header: the text the client sent (headerText: UTF-8 bytes are
 * those bytes again once the request is hashed), trimmed, duplicates joined with ','. A signed
 * header absent from the request cannot have been signed by this request: a signature mismatch.
 */
export function canonicalHeaders(rawHeaders: readonly string[], signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const values = headerValues(rawHeaders, name);
    if (values.length === 0) throw new S3Error('SignatureDoesNotMatch');
    out += `${name}:${values.map((v) => trimAll(headerText(v))).join(',')}\n`;
  }
  return out;
}

/**
 * SigV4's Trimall as the AWS SDK signer (@smithy/signature-v4) does it: CR and LF read as spaces,
 * runs of spaces and tabs made one space, none left at either end. Other whitespace (a no-break
 * space, U+3000) is part of the value: JavaScript's trim() and \s would remove it and break the
 * signature of any value holding one.
 */
function trimAll(value: string): string {
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');
}

export interface CanonicalRequestInput {
  method: string;
  rawPath: string;
  query: readonly QueryParam[];
  /** Query parameter left out of the canonical query (`X-Amz-Signature` for presigned URLs). */
  excludeFromQuery?: string;
  rawHeaders: readonly string[];
  signedHeaders: readonly string[];
  /** The literal payload line: hex SHA-256, `UNSIGNED-PAYLOAD` or a `STREAMING-...` marker. */
  payloadHash: string;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  return [
    input.method.toUpperCase(),
    canonicalUri(input.rawPath),
    canonicalQuery(input.query, input.excludeFromQuery),
    canonicalHeaders(input.rawHeaders, input.signedHeaders),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}
