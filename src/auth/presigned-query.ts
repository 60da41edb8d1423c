import { S3Error } from '../errors.js';
import { MAX_CLOCK_SKEW_MS, parseAmzDate } from './amz-date.js';
import { parseSignedHeaders, type QueryParam } from './canonical-request.js';
import { ALGORITHM } from './signature-v4.js';

/**
 * Query-string (presigned URL) SigV4 parameters.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */

export interface PresignedQuery {
  credential: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  /** `X-Amz-Content-Sha256` when the presigner hoisted it into the URL (the JS presigner does). */
  contentSha256: string | undefined;
}

/** AWS caps presigned URLs at seven days. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;

const REQUIRED_MESSAGE =
  'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, ' +
  'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.';

function queryError(message: string): S3Error {
  return new S3Error('AuthorizationQueryParametersError', message);
}

/** The one value of an auth parameter; a repeated one is ambiguous about what was signed. */
function single(query: readonly QueryParam[], key: string): string | undefined {
  const values = query.filter((param) => param.key === key);
  if (values.length > 1) throw queryError(`${key} must be given only once.`);
  return values[0]?.value;
}

/** True when the query carries any SigV4 presigned-URL parameter. */
export function isPresignedQuery(query: readonly QueryParam[]): boolean {
  return query.some(
    (p) => p.key === 'X-Amz-Algorithm' || p.key === 'X-Amz-Credential' || p.key === 'X-Amz-Signature',
  );
}

/** Validates the parameters and the URL's validity window against `now`. */
export function parsePresignedQuery(query: readonly QueryParam[], now: Date): PresignedQuery {
  const algorithm = single(query, 'X-Amz-Algorithm');
  const credential = single(query, 'X-Amz-Credential');
  const amzDate = single(query, 'X-Amz-Date');
  const expires = single(query, 'X-Amz-Expires');
  const signedHeaderList = single(query, 'X-Amz-SignedHeaders');
  const signature = single(query, 'X-Amz-Signature');
  // Presigners hoist the header under the name they were given, so match it case-insensitively.
  const contentSha256 = query.find((param) => param.key.toLowerCase() === 'x-amz-content-sha256')?.value;
  if (algorithm === 'AWS4-ECDSA-P256-SHA256') {
    throw new S3Error('NotImplemented', 'SigV4a (AWS4-ECDSA-P256-SHA256) is not supported.');
  }
  if (algorithm !== undefined && algorithm !== ALGORITHM) {
    throw queryError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  if (!algorithm || !credential || !amzDate || !expires || !signedHeaderList || !signature) {
    throw queryError(REQUIRED_MESSAGE);
  }
  const signedHeaders = parseSignedHeaders(signedHeaderList);
  if (!signedHeaders) throw queryError('X-Amz-SignedHeaders must be a ;-separated list that includes host.');
  // No shape check on the signature: S3 answers SignatureDoesNotMatch to any value that does not
  // match, whatever its length or alphabet, and the comparison copes with both.
  checkValidityWindow(amzDate, expires, now);
  return { credential, amzDate, signedHeaders, signature: signature.toLowerCase(), contentSha256 };
}

function checkValidityWindow(amzDate: string, expires: string, now: Date): void {
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) throw queryError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  if (/^-\d+$/.test(expires)) throw queryError('X-Amz-Expires must be non-negative');
  if (!/^\d{1,7}$/.test(expires)) throw queryError('X-Amz-Expires should be a number');
  const seconds = Number(expires);
  if (seconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw queryError('X-Amz-Expires must be less than a week (in seconds) that is 604800');
  }
  // A URL dated in the future is refused rather than honoured early (MinIO ErrRequestNotReadyYet).
  if (signedAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    throw new S3Error('AccessDenied', 'Request is not valid yet');
  }
  const expiresAt = new Date(signedAt.getTime() + seconds * 1000);
  // X-Amz-Expires=0 is a URL that was never valid: S3 answers it as expired (403), not malformed.
  if (seconds === 0 || now.getTime() > expiresAt.getTime()) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': seconds,
      Expires: expiresAt.toISOString(),
      ServerTime: now.toISOString(),
    });
  }
}
