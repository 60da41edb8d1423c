import { createHash, createHmac } from 'node:crypto';
import { TEST_SECRET_KEY } from './constants.js';
import { type RawRequest, signRequest } from './raw-http.js';

/**
 * Builds aws-chunked PUT bodies the way the AWS documentation frames them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
 * sigv4-streaming-trailers.html): the seed request is signed by AWS's own signer, the chunk and
 * trailer signatures here with node:crypto, so the server is never checked against its own code.
 */

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const REGION = 'us-east-1';

export type StreamingMode =
  | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'
  | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
  | 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export interface StreamingPut {
  mode: StreamingMode;
  /** Object data, one aws-chunked chunk each (the 0-size final chunk is added here). */
  chunks: Buffer[];
  /** One trailer, e.g. ['x-amz-checksum-crc32', 'base64']; announced in x-amz-trailer. */
  trailer?: readonly [string, string];
  /** Replaces the signature of chunk `index` (the final 0-size chunk is `chunks.length`). */
  tamperChunk?: number;
  tamperTrailerSignature?: boolean;
  /** Overrides of the headers (after signing they are signed as given). */
  headers?: Record<string, string>;
}

interface Signer {
  key: Buffer;
  amzDate: string;
  scope: string;
  previous: string;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The SigV4 signing key for a date (yyyymmdd), derived as AWS documents it. */
export function signingKeyFor(date: string, secret = TEST_SECRET_KEY): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), REGION), 's3'), 'aws4_request');
}

/** A signed request for `path` whose body is the aws-chunked framing of `put`. */
export async function streamingPutRequest(
  port: number,
  path: string,
  put: StreamingPut,
): Promise<RawRequest & { headers: Record<string, string>; body: Buffer }> {
  const decoded = put.chunks.reduce((n, c) => n + c.length, 0);
  const headers: Record<string, string> = {
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(decoded),
    // The framing length does not depend on signature values: frame once with a dummy seed.
    'content-length': String(frame(put, dummySigner()).length),
    ...(put.trailer ? { 'x-amz-trailer': put.trailer[0] } : {}),
    ...put.headers,
  };
  const signed = await signRequest(port, { method: 'PUT', path, headers }, { payloadHash: put.mode });
  const amzDate = signed.headers['x-amz-date']!;
  const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? '')?.[1];
  if (!seed) throw new Error('the AWS signer produced no seed signature');
  const date = amzDate.slice(0, 8);
  const signer = {
    key: signingKeyFor(date),
    amzDate,
    scope: `${date}/${REGION}/s3/aws4_request`,
    previous: seed,
  };
  return { ...signed, body: frame(put, signer) };
}

function dummySigner(): Signer {
  return { key: Buffer.alloc(32), amzDate: '', scope: '', previous: '0'.repeat(64) };
}

function frame(put: StreamingPut, signer: Signer): Buffer {
  const signed = put.mode !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  const parts: Buffer[] = [];
  [...put.chunks, Buffer.alloc(0)].forEach((data, index) => {
    let ext = '';
    if (signed) {
      const signature = chunkSignature(signer, data);
      ext = `;chunk-signature=${put.tamperChunk === index ? flip(signature) : signature}`;
    }
    parts.push(Buffer.from(`${data.length.toString(16)}${ext}\r\n`), data);
    if (data.length > 0) parts.push(Buffer.from('\r\n'));
  });
  if (!put.trailer) {
    parts.push(Buffer.from('\r\n'));
    return Buffer.concat(parts);
  }
  const [name, value] = put.trailer;
  parts.push(Buffer.from(`${name}:${value}\r\n`));
  if (signed) {
    const signature = trailerSignature(signer, `${name}:${value}\n`);
    const sent = put.tamperTrailerSignature ? flip(signature) : signature;
    parts.push(Buffer.from(`x-amz-trailer-signature:${sent}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

function chunkSignature(s: Signer, data: Buffer): string {
  const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', s.amzDate, s.scope, s.previous, EMPTY_SHA256, sha256(data)];
  s.previous = hmac(s.key, toSign.join('\n')).toString('hex');
  return s.previous;
}

function trailerSignature(s: Signer, canonicalTrailers: string): string {
  const toSign = ['AWS4-HMAC-SHA256-TRAILER', s.amzDate, s.scope, s.previous, sha256(canonicalTrailers)];
  return hmac(s.key, toSign.join('\n')).toString('hex');
}

/** The same signature with its last hex digit changed. */
function flip(signature: string): string {
  return signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
}
