import { formatAmzDate } from '../auth/amz-date.js';
import { canonicalRequest, parseRawQuery } from '../auth/canonical-request.js';
import {
  ALGORITHM,
  credentialScope,
  sha256Hex,
  signatureHex,
  signingKey,
  stringToSign,
} from '../auth/signature-v4.js';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

const SIGNED_HEADERS = ['host', 'x-amz-content-sha256', 'x-amz-date'];

/**
 * SigV4 headers for one request, built with the server's own signing code (the same functions
 * verify it), so the CLI needs no AWS SDK at run time. The body hash is signed.
 */
export function signRequest(
  method: string,
  url: URL,
  body: string,
  credentials: SigningCredentials,
  now = new Date(),
): Record<string, string> {
  const amzDate = formatAmzDate(now);
  const date = amzDate.slice(0, 8);
  const payloadHash = sha256Hex(body);
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': amzDate,
  };
  const canonical = canonicalRequest({
    method,
    rawPath: url.pathname,
    query: parseRawQuery(url.search.replace(/^\?/, '')),
    rawHeaders: Object.entries(headers).flat(),
    signedHeaders: SIGNED_HEADERS,
    payloadHash,
  });
  const scope = credentialScope(date, credentials.region);
  const key = signingKey(credentials.secretAccessKey, date, credentials.region);
  const signature = signatureHex(key, stringToSign(amzDate, scope, canonical));
  headers.authorization =
    `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${SIGNED_HEADERS.join(';')}, Signature=${signature}`;
  return headers;
}
