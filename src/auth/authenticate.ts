import { S3Error } from '../errors.js';
import { formatAmzDate, MAX_CLOCK_SKEW_MS, parseAmzDate, parseHttpDate } from './amz-date.js';
import type { AuthContext, AuthInput, SecretLookup } from './auth-context.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { parseRawQuery, type QueryParam } from './canonical-request.js';
import { payloadModeFor, UNSIGNED_PAYLOAD } from './payload-mode.js';
import { isPresignedQuery, parsePresignedQuery } from './presigned-query.js';
import { headerValue } from './raw-headers.js';
import { verifySignedRequest } from './signed-request.js';
import { isV2PresignedQuery, SIGV2_SCHEME, verifyV2Header, verifyV2Query } from './sigv2-request.js';

export type { AuthContext, AuthInput, PayloadMode, SecretLookup, SigningContext } from './auth-context.js';

/**
 * Authenticates a request from its raw parts: SigV4 or SigV2 header auth, SigV4 or SigV2 presigned
 * URL, or anonymous.
 * Throws S3Error for every malformed or failing input.
 */
export async function authenticate(input: AuthInput, lookup: SecretLookup): Promise<AuthContext> {
  const query = parseRawQuery(input.rawQuery);
  const authorization = headerValue(input.rawHeaders, 'authorization');
  const presigned = isPresignedQuery(query);
  const presignedV2 = isV2PresignedQuery(query);
  if (authorization !== undefined && (presigned || presignedV2)) {
    throw new S3Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string ' +
        'parameter or the Authorization header should be specified',
    );
  }
  if (authorization !== undefined && isV2Scheme(authorization)) {
    return verifyV2Header(input, query, authorization, lookup);
  }
  if (authorization !== undefined) return headerAuth(input, query, authorization, lookup);
  if (presigned && presignedV2) {
    throw new S3Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; both SigV4 and SigV2 query parameters given',
    );
  }
  if (presigned) return queryAuth(input, query, lookup);
  if (presignedV2) return verifyV2Query(input, query, lookup);
  return anonymous(input);
}

function isV2Scheme(authorization: string): boolean {
  return authorization.trim().split(/\s/, 1)[0] === SIGV2_SCHEME;
}

async function headerAuth(
  input: AuthInput,
  query: readonly QueryParam[],
  authorization: string,
  lookup: SecretLookup,
): Promise<AuthContext> {
  const header = parseAuthorizationHeader(authorization);
  const amzDate = requestTime(input);
  const contentSha256 = headerValue(input.rawHeaders, 'x-amz-content-sha256')?.trim();
  if (contentSha256 === undefined) {
    throw new S3Error(
      'MissingSecurityHeader',
      'Missing required header for this request: x-amz-content-sha256',
      {
        MissingHeaderName: 'x-amz-content-sha256',
      },
    );
  }
  const payload = payloadModeFor(contentSha256);
  return verifySignedRequest(
    {
      input,
      query,
      credential: header.credential,
      amzDate,
      signedHeaders: header.signedHeaders,
      signature: header.signature,
      payloadHash: contentSha256,
      credentialError: 'AuthorizationHeaderMalformed',
    },
    payload,
    lookup,
  );
}

async function queryAuth(
  input: AuthInput,
  query: readonly QueryParam[],
  lookup: SecretLookup,
): Promise<AuthContext> {
  const params = parsePresignedQuery(query, input.now);
  // The signature covers the hoisted X-Amz-Content-Sha256 (or the literal UNSIGNED-PAYLOAD);
  // an unsigned header may still tell us the body is framed or hashed, which only adds checks.
  const payloadHash = params.contentSha256 ?? UNSIGNED_PAYLOAD;
  const declared = params.contentSha256 ?? headerValue(input.rawHeaders, 'x-amz-content-sha256')?.trim();
  const payload = payloadModeFor(declared ?? UNSIGNED_PAYLOAD);
  return verifySignedRequest(
    {
      input,
      query,
      excludeFromQuery: 'X-Amz-Signature',
      credential: params.credential,
      amzDate: params.amzDate,
      signedHeaders: params.signedHeaders,
      signature: params.signature,
      payloadHash,
      credentialError: 'AuthorizationQueryParametersError',
    },
    payload,
    lookup,
  );
}

/**
 * Anonymous requests still declare their body: an unsigned-trailer upload must be de-framed and a
 * declared hash checked. A signed stream without a signature cannot be verified.
 */
function anonymous(input: AuthInput): AuthContext {
  const declared = headerValue(input.rawHeaders, 'x-amz-content-sha256')?.trim();
  const payload = declared === undefined ? ({ kind: 'unsigned' } as const) : payloadModeFor(declared);
  if (payload.kind === 'streaming-signed') {
    throw new S3Error('AccessDenied', 'A signed streaming payload requires a signed request.');
  }
  return { principal: null, accessKeyId: null, payload, signing: null };
}

/** The signing time of header auth: X-Amz-Date, else Date, within the allowed clock skew. */
function requestTime(input: AuthInput): string {
  const amzDateHeader = headerValue(input.rawHeaders, 'x-amz-date')?.trim();
  const dateHeader = headerValue(input.rawHeaders, 'date')?.trim();
  const signedAt =
    amzDateHeader !== undefined
      ? parseAmzDate(amzDateHeader)
      : dateHeader
        ? parseHttpDate(dateHeader)
        : undefined;
  if (!signedAt)
    throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(input.now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: amzDateHeader ?? dateHeader ?? '',
      ServerTime: input.now.toISOString(),
      MaxAllowedSkewMilliseconds: MAX_CLOCK_SKEW_MS,
    });
  }
  return amzDateHeader ?? formatAmzDate(signedAt);
}
