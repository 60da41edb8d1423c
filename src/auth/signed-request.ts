import { S3Error } from '../errors.js';
import type { AuthContext, AuthInput, PayloadMode, SecretLookup } from './auth-context.js';
import { canonicalRequest, type QueryParam } from './canonical-request.js';
import { parseCredential } from './credential-scope.js';
import { credentialScope, signatureHex, signaturesMatch, signingKey, stringToSign } from './signature-v4.js';

/** The parts of a SigV4 request that both header and query auth check the same way. */
export interface SignedRequest {
  input: AuthInput;
  query: readonly QueryParam[];
  excludeFromQuery?: string;
  credential: string;
  amzDate: string;
  signedHeaders: readonly string[];
  signature: string;
  payloadHash: string;
  credentialError: 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError';
}

/** Checks a SigV4 signature (header or presigned) and returns the authenticated context. */
export async function verifySignedRequest(
  request: SignedRequest,
  payload: PayloadMode,
  lookup: SecretLookup,
): Promise<AuthContext> {
  const credential = parseCredential(request.credential, request.amzDate);
  if (typeof credential === 'string') {
    const prefix =
      request.credentialError === 'AuthorizationHeaderMalformed'
        ? 'The authorization header is malformed; '
        : 'Error parsing the X-Amz-Credential parameter; ';
    throw new S3Error(request.credentialError, prefix + credential);
  }
  const secret = await lookup(credential.accessKeyId);
  if (!secret) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: credential.accessKeyId });
  const key = signingKey(secret.secretAccessKey, credential.date, credential.region);
  const scope = credentialScope(credential.date, credential.region);
  const canonical = canonicalRequest({
    method: request.input.method,
    rawPath: request.input.rawPath,
    query: request.query,
    excludeFromQuery: request.excludeFromQuery,
    rawHeaders: request.input.rawHeaders,
    signedHeaders: request.signedHeaders,
    payloadHash: request.payloadHash,
  });
  const toSign = stringToSign(request.amzDate, scope, canonical);
  if (!signaturesMatch(signatureHex(key, toSign), request.signature)) {
    // AWS returns these too; they let a client author diff their canonical request against ours.
    throw new S3Error('SignatureDoesNotMatch', undefined, {
      AWSAccessKeyId: credential.accessKeyId,
      StringToSign: toSign,
      SignatureProvided: request.signature,
      CanonicalRequest: canonical,
    });
  }
  return {
    principal: secret.principal,
    accessKeyId: credential.accessKeyId,
    payload,
    signing: { signingKey: key, scope, amzDate: request.amzDate, seedSignature: request.signature },
    signatureVersion: 'AWS4-HMAC-SHA256',
  };
}
