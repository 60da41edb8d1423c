import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, SourceData } from '@smithy/types';
import type { AuthInput } from './auth-context.js';

/**
 * Signs requests with the AWS SDK's own signer (@smithy/signature-v4) and turns them into the raw
 * form our server sees, to prove we accept what the SDK produces.
 */

/** node:crypto behind smithy's Checksum interface (@aws-crypto/sha256-js is not installed). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {}
}

function toBytes(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export const SDK_ACCESS_KEY = 'OKS3TESTKEY';
export const SDK_SECRET = 'test/secret+key=with/odd chars';
export const sdkLookup = async (id: string) =>
  id === SDK_ACCESS_KEY ? { secretAccessKey: SDK_SECRET, principal: 'sdk-user' } : undefined;

export function sdkSigner(region = 'eu-west-3'): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: SDK_ACCESS_KEY, secretAccessKey: SDK_SECRET },
    region,
    service: 's3',
    sha256: NodeSha256,
    // S3 paths are already escaped once by the serializer; the signer must not escape again.
    uriEscapePath: false,
  });
}

/** smithy's escapeUri: encodeURIComponent plus `!'()*`. */
function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** How @aws-sdk/client-s3 serialises a {Key+} label: each segment escaped, `/` kept. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeComponent).join('/');
}

export function toRawQuery(query: HttpRequest['query']): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values)
      pairs.push(
        v === null || v === '' ? encodeComponent(key) : `${encodeComponent(key)}=${encodeComponent(v)}`,
      );
  }
  return pairs.join('&');
}

export function toRawHeaders(headers: HttpRequest['headers']): string[] {
  return Object.entries(headers).flat();
}

export function sdkRequest(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  query = {},
): HttpRequest {
  return {
    method,
    protocol: 'http:',
    hostname: 'localhost',
    port: 9000,
    path,
    query,
    headers: { host: 'localhost:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
  };
}

/** The instant the signer tests sign at and verify at. */
export const NOW = new Date('2026-03-01T12:00:00Z');

/** What the server's authenticate() receives for a request signed by the SDK's signer. */
export function toInput(request: HttpRequest, now = NOW): AuthInput {
  return {
    method: request.method,
    rawPath: request.path,
    rawQuery: toRawQuery(request.query),
    rawHeaders: toRawHeaders(request.headers),
    now,
  };
}
