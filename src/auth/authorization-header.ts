import { S3Error } from '../errors.js';
import { parseSignedHeaders } from './canonical-request.js';
import { ALGORITHM } from './signature-v4.js';

/**
 * Parses `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
 * minio-go joins the parts with "," and no space, the SDKs with ", "; both are accepted.
 */

export interface AuthorizationHeader {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

function malformed(reason: string): S3Error {
  return new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${reason}`);
}

/** Rejects everything but SigV4 (SigV2's `AWS` scheme is routed before this parser is called). */
function checkScheme(value: string): void {
  const scheme = value.split(/\s/, 1)[0] ?? '';
  if (scheme === ALGORITHM) return;
  if (scheme === 'AWS4-ECDSA-P256-SHA256') {
    throw new S3Error('NotImplemented', 'SigV4a (AWS4-ECDSA-P256-SHA256) is not supported.');
  }
  throw new S3Error('InvalidArgument', 'Unsupported Authorization Type', {
    ArgumentName: 'Authorization',
    ArgumentValue: value.slice(0, 100),
  });
}

export function parseAuthorizationHeader(value: string): AuthorizationHeader {
  const trimmed = value.trim();
  checkScheme(trimmed);
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length).split(',')) {
    const item = part.trim();
    const eq = item.indexOf('=');
    if (eq <= 0) throw malformed(`the authorization component "${item}" is malformed.`);
    const name = item.slice(0, eq).trim();
    if (fields.has(name)) throw malformed(`the authorization component "${name}" is repeated.`);
    fields.set(name, item.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaderList = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined) throw malformed('missing Credential.');
  if (signedHeaderList === undefined) throw malformed('missing SignedHeaders.');
  if (signature === undefined) throw malformed('missing Signature.');
  if (fields.size !== 3) throw malformed('unexpected authorization component.');
  const signedHeaders = parseSignedHeaders(signedHeaderList);
  if (!signedHeaders) throw malformed('SignedHeaders must be a ;-separated list that includes host.');
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) throw malformed('Signature must be 64 hexadecimal characters.');
  return { credential, signedHeaders, signature: signature.toLowerCase() };
}
