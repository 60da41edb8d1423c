import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './constants.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  /** The S3 error code from an error XML body, if any. */
  code: string | undefined;
}

export interface RawRequest {
  method: string;
  /** Path exactly as sent (already percent-encoded), without the query. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** Sends bytes exactly as given: no normalisation of the path, no added headers but Host. */
export function sendRaw(port: number, req: RawRequest & { rawQuery?: string }): Promise<RawResponse> {
  const qs = req.rawQuery ?? new URLSearchParams(req.query ?? {}).toString();
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: qs ? `${req.path}?${qs}` : req.path,
        headers: req.headers,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const body = Buffer.concat(parts);
          const text = body.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
            code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
          });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Sends a request to a path+query URL as a browser or curl would: no headers of our own. */
export function sendUrl(port: number, method: string, url: string): Promise<RawResponse> {
  const q = url.indexOf('?');
  return sendRaw(port, {
    method,
    path: q === -1 ? url : url.slice(0, q),
    rawQuery: q === -1 ? '' : url.slice(q + 1),
  });
}

export interface SignOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  date?: Date;
  /** Value for x-amz-content-sha256; defaults to the hex SHA-256 of the body. */
  payloadHash?: string;
}

/** Signs a request with AWS's own SigV4 implementation, so tests never trust our signer. */
export async function signRequest(
  port: number,
  req: RawRequest,
  opts: SignOptions = {},
): Promise<RawRequest & { headers: Record<string, string> }> {
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
    credentials: {
      accessKeyId: opts.accessKeyId ?? TEST_ACCESS_KEY,
      secretAccessKey: opts.secretAccessKey ?? TEST_SECRET_KEY,
    },
  });
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...req.headers };
  if (opts.payloadHash) headers['x-amz-content-sha256'] = opts.payloadHash;
  const signed = await signer.sign(
    new HttpRequest({
      method: req.method,
      hostname: '127.0.0.1',
      port,
      path: req.path,
      query: req.query,
      headers,
      body: req.body,
    }),
    { signingDate: opts.date ?? new Date() },
  );
  return { ...req, headers: signed.headers };
}

/** A presigned URL path+query made by AWS's signer. */
export async function presign(
  port: number,
  req: { method: string; path: string; query?: Record<string, string> },
  expiresIn: number,
  opts: SignOptions = {},
): Promise<string> {
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    sha256: Sha256,
    uriEscapePath: false,
    credentials: {
      accessKeyId: opts.accessKeyId ?? TEST_ACCESS_KEY,
      secretAccessKey: opts.secretAccessKey ?? TEST_SECRET_KEY,
    },
  });
  const signed = await signer.presign(
    new HttpRequest({
      method: req.method,
      hostname: '127.0.0.1',
      port,
      path: req.path,
      query: req.query,
      headers: { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }),
    { expiresIn, signingDate: opts.date ?? new Date() },
  );
  const qs = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${req.path}?${qs}`;
}
