import { createHash, createHmac } from 'node:crypto';

/** Credentials and region one benchmarked server accepts. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface SignInput {
  method: string;
  host: string;
  /** Already URI-encoded path, e.g. `/bucket/a%20key`. */
  path: string;
  query: Readonly<Record<string, string>>;
  headers: Record<string, string>;
}

/**
 * Adds SigV4 header authentication with `x-amz-content-sha256: UNSIGNED-PAYLOAD`, so the client never
 * hashes bodies (every server in the benchmark accepts it). The signing key is cached per day.
 */
export class SigV4Signer {
  private keyDate = '';
  private key = Buffer.alloc(0);

  constructor(private readonly creds: Credentials) {}

  sign(input: SignInput): Record<string, string> {
    const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
      ...input.headers,
      host: input.host,
      'x-amz-date': amzDate,
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    };
    const names = Object.keys(headers)
      .map((h) => h.toLowerCase())
      .sort();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const canonical = [
      input.method,
      input.path,
      canonicalQuery(input.query),
      names.map((n) => `${n}:${String(lower[n]).trim()}\n`).join(''),
      names.join(';'),
      'UNSIGNED-PAYLOAD',
    ].join('\n');
    const scope = `${day}/${this.creds.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const signature = createHmac('sha256', this.signingKey(day)).update(toSign).digest('hex');
    headers.authorization =
      `AWS4-HMAC-SHA256 Credential=${this.creds.accessKeyId}/${scope}, ` +
      `SignedHeaders=${names.join(';')}, Signature=${signature}`;
    return headers;
  }

  private signingKey(day: string): Buffer {
    if (day !== this.keyDate) {
      const hmac = (k: string | Buffer, d: string) => createHmac('sha256', k).update(d).digest();
      const kDate = hmac(`AWS4${this.creds.secretAccessKey}`, day);
      this.key = hmac(hmac(hmac(kDate, this.creds.region), 's3'), 'aws4_request');
      this.keyDate = day;
    }
    return this.key;
  }
}

/** RFC 3986 encoding as SigV4 wants it; `/` kept only in paths. */
export function uriEncode(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${uriEncode(k)}=${uriEncode(query[k] ?? '')}`)
    .join('&');
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
