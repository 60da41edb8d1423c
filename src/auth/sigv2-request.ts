import { S3Error } from '../errors.js';
import { MAX_CLOCK_SKEW_MS, parseAmzDate, parseHttpDate } from './amz-date.js';
import type { AuthContext, AuthInput, PayloadMode, SecretLookup } from './auth-context.js';
import type { QueryParam } from './canonical-request.js';
import { payloadModeFor } from './payload-mode.js';
import { headerValue } from './raw-headers.js';
import { signaturesMatchV2, signatureV2, stringToSignV2 } from './signature-v2.js';

/**
 * SigV2 header auth (`Authorization: AWS <AccessKeyId>:<Signature>`) and query auth
 * (`AWSAccessKeyId`, `Expires`, `Signature`). SigV2 signs no body: a declared Content-MD5 or
 * x-amz-content-sha256 is still checked by the body layer, which only adds checks.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html
 */

export const SIGV2_SCHEME = 'AWS';

/** True when the query carries SigV2 presigned-URL parameters. */
export function isV2PresignedQuery(query: readonly QueryParam[]): boolean {
  return query.some((p) => p.key === 'AWSAccessKeyId') || query.some((p) => p.key === 'Signature');
}

export async function verifyV2Header(
  input: AuthInput,
  query: readonly QueryParam[],
  authorization: string,
  lookup: SecretLookup,
): Promise<AuthContext> {
  const credentials = authorization.trim().slice(SIGV2_SCHEME.length).trim();
  const colon = credentials.lastIndexOf(':');
  if (colon <= 0 || colon === credentials.length - 1) {
    throw new S3Error(
      'InvalidArgument',
      'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature',
      {
        ArgumentName: 'Authorization',
        ArgumentValue: authorization.slice(0, 100),
      },
    );
  }
  const amzDate = headerValue(input.rawHeaders, 'x-amz-date')?.trim();
  checkRequestTime(input, amzDate);
  // With x-amz-date the Date line is empty: the signed x-amz-date header dates the request.
  const dateLine = amzDate !== undefined ? '' : (headerValue(input.rawHeaders, 'date')?.trim() ?? '');
  return verify(input, query, dateLine, credentials.slice(0, colon), credentials.slice(colon + 1), lookup);
}

export async function verifyV2Query(
  input: AuthInput,
  query: readonly QueryParam[],
  lookup: SecretLookup,
): Promise<AuthContext> {
  const accessKeyId = single(query, 'AWSAccessKeyId');
  const signature = single(query, 'Signature');
  const expires = single(query, 'Expires');
  if (!accessKeyId || !signature || !expires) {
    throw new S3Error(
      'AccessDenied',
      'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters',
    );
  }
  if (!/^\d{1,12}$/.test(expires)) {
    throw new S3Error(
      'AccessDenied',
      `Invalid date (should be seconds since epoch): ${expires.slice(0, 40)}`,
    );
  }
  const expiresAt = new Date(Number(expires) * 1000);
  if (input.now.getTime() > expiresAt.getTime()) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      Expires: expiresAt.toISOString(),
      ServerTime: input.now.toISOString(),
    });
  }
  return verify(input, query, expires, accessKeyId, signature, lookup);
}

async function verify(
  input: AuthInput,
  query: readonly QueryParam[],
  dateLine: string,
  accessKeyId: string,
  signature: string,
  lookup: SecretLookup,
): Promise<AuthContext> {
  const payload = declaredPayload(input);
  const secret = await lookup(accessKeyId);
  if (!secret) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
  const expected = (rawPath: string) =>
    stringToSignV2({
      method: input.method,
      rawPath,
      query,
      rawHeaders: input.rawHeaders,
      virtualHostBucket: input.virtualHostBucket,
      dateLine,
    });
  const toSign = expected(input.rawPath);
  const matches = (text: string) => signaturesMatchV2(signatureV2(secret.secretAccessKey, text), signature);
  // A path-style request for the bucket itself (`/bucket`) is signed by the AWS examples' rule
  // (the path as sent) by some clients and as `/bucket/` by botocore, s3cmd and boto2, as the
  // virtual-hosted form of the same request is: both name the same resource, so both are accepted.
  const bucketOnly = input.virtualHostBucket === undefined && /^\/[^/]+$/.test(input.rawPath);
  if (!matches(toSign) && !(bucketOnly && matches(expected(`${input.rawPath}/`)))) {
    throw mismatch(accessKeyId, toSign, signature);
  }
  return { principal: secret.principal, accessKeyId, payload, signing: null, signatureVersion: 'AWS' };
}

/** The fields S3 returns for a SigV2 mismatch; none of them derives from the secret. */
function mismatch(accessKeyId: string, toSign: string, signature: string): S3Error {
  return new S3Error('SignatureDoesNotMatch', undefined, {
    AWSAccessKeyId: accessKeyId,
    StringToSign: toSign,
    SignatureProvided: signature,
    StringToSignBytes: [...Buffer.from(toSign, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' '),
  });
}

/** A body hash the client declared is still checked; a signed stream needs SigV4's seed signature. */
function declaredPayload(input: AuthInput): PayloadMode {
  const declared = headerValue(input.rawHeaders, 'x-amz-content-sha256')?.trim();
  const payload = declared === undefined ? ({ kind: 'unsigned' } as const) : payloadModeFor(declared);
  if (payload.kind === 'streaming-signed') {
    throw new S3Error(
      'InvalidRequest',
      'A signed streaming payload requires AWS4-HMAC-SHA256 authentication.',
    );
  }
  return payload;
}

/** The request's x-amz-date, else Date, must be within S3's 15 minutes of the server clock. */
function checkRequestTime(input: AuthInput, amzDate: string | undefined): void {
  const date = headerValue(input.rawHeaders, 'date')?.trim();
  const sent = amzDate ?? date;
  const signedAt = sent === undefined ? undefined : (parseHttpDate(sent) ?? parseAmzDate(sent));
  if (!signedAt) {
    throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  }
  if (Math.abs(input.now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: sent ?? '',
      ServerTime: input.now.toISOString(),
      MaxAllowedSkewMilliseconds: MAX_CLOCK_SKEW_MS,
    });
  }
}

/** The one value of an auth parameter; a repeated one is ambiguous about what was signed. */
function single(query: readonly QueryParam[], key: string): string | undefined {
  const values = query.filter((param) => param.key === key);
  if (values.length > 1)
    throw new S3Error('InvalidArgument', `${key} must be given only once.`, { ArgumentName: key });
  return values[0]?.value;
}
