import { createHmac, timingSafeEqual } from 'node:crypto';
import type { QueryParam } from './canonical-request.js';
import { headerText, headerValues } from './raw-headers.js';

/**
 * SigV2 primitives: the string to sign and its HMAC-SHA1 signature.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html
 */

/**
 * The query parameters that belong to the CanonicalizedResource: AWS's documented list plus the
 * sub-resources botocore's HmacV1Auth signs (the client that still sends SigV2 most often). Every
 * other parameter (prefix, max-keys, ...) is unsigned, as in S3.
 */
const SUB_RESOURCES = new Set([
  'accelerate',
  'acl',
  'analytics',
  'cors',
  'defaultObjectAcl',
  'delete',
  'inventory',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'partNumber',
  'policy',
  'replication',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'select',
  'select-type',
  'storageClass',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

export interface V2Request {
  method: string;
  /** The path as sent on the wire (percent-encoded, not normalized). */
  rawPath: string;
  query: readonly QueryParam[];
  rawHeaders: readonly string[];
  /** The bucket named by the Host header in virtual-hosted style, else undefined. */
  virtualHostBucket: string | undefined;
  /** The third line: Date (empty when x-amz-date is sent), or Expires for a presigned URL. */
  dateLine: string;
}

/** `/bucket/key` as sent, the bucket prefixed for virtual-hosted style, plus signed sub-resources. */
export function canonicalizedResource(request: V2Request): string {
  const path =
    request.virtualHostBucket === undefined
      ? request.rawPath
      : `/${request.virtualHostBucket}${request.rawPath}`;
  const subResources = request.query
    .filter((param) => SUB_RESOURCES.has(param.key))
    .map((param) => ({
      key: param.key,
      text: param.value === '' ? param.key : `${param.key}=${param.value}`,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return subResources.length === 0 ? path : `${path}?${subResources.map((s) => s.text).join('&')}`;
}

/** Lower-cased x-amz-* headers, sorted, repeated ones joined by ',', folded whitespace collapsed. */
export function canonicalizedAmzHeaders(rawHeaders: readonly string[]): string {
  const names = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name.startsWith('x-amz-')) names.add(name);
  }
  return [...names]
    .sort()
    .map((name) => {
      const values = headerValues(rawHeaders, name).map((v) =>
        headerText(v)
          .replace(/\s*\r?\n\s*/g, ' ')
          .trim(),
      );
      return `${name}:${values.join(',')}\n`;
    })
    .join('');
}

export function stringToSignV2(request: V2Request): string {
  const positional = (name: string) => (headerValues(request.rawHeaders, name)[0] ?? '').trim();
  return (
    `${request.method}\n${positional('content-md5')}\n${positional('content-type')}\n${request.dateLine}\n` +
    canonicalizedAmzHeaders(request.rawHeaders) +
    canonicalizedResource(request)
  );
}

/** Base64 HMAC-SHA1 of the UTF-8 string to sign (also the signature of a v2 POST policy). */
export function signatureV2(secret: string, toSign: string): string {
  return createHmac('sha1', secret).update(toSign, 'utf8').digest('base64');
}

/** Constant-time comparison of two base64 signatures. */
export function signaturesMatchV2(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
