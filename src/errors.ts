import cassandra from 'cassandra-driver';

/**
 * The one catalog of S3 error codes this server answers with: HTTP status and AWS's default
 * message (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 * Every layer may throw these; anything else that reaches the HTTP layer is an InternalError.
 */
const CATALOG = {
  AccessDenied: [403, 'Access Denied'],
  // A refused CORS preflight; S3's error list omits it, its answers carry it (s3/cors/preflight.ts).
  AccessForbidden: [403, 'CORSResponse: This CORS request is not allowed.'],
  AccessControlListNotSupported: [400, 'The bucket does not allow ACLs'],
  AuthorizationHeaderMalformed: [400, 'The authorization header is malformed.'],
  AuthorizationQueryParametersError: [400, 'Query-string authentication parameters are malformed.'],
  BadRequest: [400, 'Bad Request'],
  BadDigest: [
    400,
    'The Content-MD5 or checksum value that you specified did not match what the server received.',
  ],
  BucketAlreadyExists: [409, 'The requested bucket name is not available.'],
  BucketAlreadyOwnedByYou: [409, 'The bucket you tried to create already exists, and you own it.'],
  BucketNotEmpty: [409, 'The bucket you tried to delete is not empty.'],
  EntityTooLarge: [400, 'Your proposed upload exceeds the maximum allowed size.'],
  EntityTooSmall: [400, 'Your proposed upload is smaller than the minimum allowed object size.'],
  IncompleteBody: [
    400,
    'You did not provide the number of bytes specified by the Content-Length HTTP header.',
  ],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  InvalidAccessKeyId: [403, 'The AWS access key ID you provided does not exist in our records.'],
  InvalidArgument: [400, 'Invalid Argument'],
  // What S3 answers when the SSE-KMS key named (or the bucket's default) does not exist.
  'KMS.NotFoundException': [400, 'Invalid keyId'],
  InvalidBucketAclWithObjectOwnership: [
    400,
    "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
  ],
  InvalidBucketAclWithBlockPublicAccessError: [
    400,
    'Bucket cannot have public ACLs set with BlockPublicAccess enabled',
  ],
  InvalidBucketName: [400, 'The specified bucket is not valid.'],
  InvalidBucketState: [409, 'The request is not valid with the current state of the bucket.'],
  InvalidDigest: [400, 'The Content-MD5 or checksum value that you specified is not valid.'],
  InvalidLocationConstraint: [400, 'The specified location constraint is not valid.'],
  InvalidPart: [400, 'One or more of the specified parts could not be found.'],
  InvalidPartNumber: [416, 'The requested partnumber is not satisfiable'],
  InvalidPartOrder: [400, 'The list of parts was not in ascending order.'],
  InvalidPolicyDocument: [
    400,
    'The content of the form does not meet the conditions specified in the policy document.',
  ],
  InvalidRange: [416, 'The requested range is not satisfiable.'],
  InvalidRequest: [400, 'Invalid Request'],
  InvalidStorageClass: [400, 'The storage class you specified is not valid.'],
  InvalidTag: [400, 'The tag provided was not a valid tag.'],
  KeyTooLongError: [400, 'Your key is too long.'],
  MalformedXML: [
    400,
    'The XML you provided was not well-formed or did not validate against our published schema.',
  ],
  MalformedPolicy: [400, 'The policy is not valid.'],
  MalformedPOSTRequest: [400, 'The body of your POST request is not well-formed multipart/form-data.'],
  MetadataTooLarge: [400, 'Your metadata headers exceed the maximum allowed metadata size.'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  MissingContentLength: [411, 'You must provide the Content-Length HTTP header.'],
  MissingSecurityHeader: [400, 'Your request is missing a required header.'],
  NoSuchBucket: [404, 'The specified bucket does not exist.'],
  NoSuchCORSConfiguration: [404, 'The CORS configuration does not exist.'],
  NoSuchLifecycleConfiguration: [404, 'The lifecycle configuration does not exist.'],
  NoSuchTagSet: [404, 'The TagSet does not exist'],
  NoSuchObjectLockConfiguration: [404, 'The specified object does not have a ObjectLock configuration'],
  ObjectLockConfigurationNotFoundError: [404, 'Object Lock configuration does not exist for this bucket.'],
  ServerSideEncryptionConfigurationNotFoundError: [
    404,
    'The server side encryption configuration was not found.',
  ],
  NoSuchBucketPolicy: [404, 'The bucket policy does not exist.'],
  NoSuchPublicAccessBlockConfiguration: [404, 'The public access block configuration was not found'],
  OwnershipControlsNotFoundError: [404, 'The bucket ownership controls were not found'],
  NoSuchKey: [404, 'The specified key does not exist.'],
  NoSuchUpload: [404, 'The specified multipart upload does not exist.'],
  NoSuchVersion: [404, 'The specified version does not exist.'],
  NotImplemented: [501, 'A header or query you provided implies functionality that is not implemented.'],
  NotModified: [304, 'Not Modified'],
  PolicyTooLarge: [400, 'Policy exceeds the maximum allowed document size.'],
  PreconditionFailed: [412, 'At least one of the preconditions you specified did not hold.'],
  RequestTimeTooSkewed: [403, 'The difference between the request time and the server time is too large.'],
  ServiceUnavailable: [503, 'Please reduce your request rate.'],
  SlowDown: [503, 'Please reduce your request rate.'],
  SignatureDoesNotMatch: [
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  ],
  UnresolvableGrantByEmailAddress: [
    400,
    'The email address you provided does not match any account on record.',
  ],
  XAmzContentSHA256Mismatch: [
    400,
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
  ],
  ConditionalRequestConflict: [409, 'A conflicting operation occurred. Please retry.'],
} as const satisfies Record<string, readonly [number, string]>;

export type S3ErrorCode = keyof typeof CATALOG;

/** Extra elements rendered into the error XML (e.g. BucketName, Key, Region). */
export type S3ErrorDetail = Record<string, string | number>;

export class S3Error extends Error {
  readonly code: S3ErrorCode;
  readonly status: number;
  readonly detail: S3ErrorDetail;
  /** Response headers that travel with the error (e.g. x-amz-delete-marker on a 404). */
  headers: Record<string, string> = {};

  constructor(code: S3ErrorCode, message?: string, detail: S3ErrorDetail = {}) {
    const [status, defaultMessage] = CATALOG[code];
    super(message ?? defaultMessage);
    this.name = 'S3Error';
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
}

/** Attaches response headers to an error, for the cases where S3 sends them with the error XML. */
export function withHeaders(err: S3Error, headers: Record<string, string | undefined>): S3Error {
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) err.headers[name] = value;
  return err;
}

export function isS3Error(err: unknown): err is S3Error {
  return err instanceof S3Error;
}

/** Seconds a client is told to wait (`Retry-After`) when the metadata store does not answer. */
export const RETRY_AFTER_SECONDS = 2;

const { responseErrorCodes: codes } = cassandra.types;
/** Cassandra's answers that mean "not now" (a node down, slow, overloaded, starting), not "wrong". */
const OUTAGE_CODES: readonly number[] = [
  codes.unavailableException,
  codes.overloaded,
  codes.isBootstrapping,
  codes.writeTimeout,
  codes.readTimeout,
];

/**
 * Whether an error means the metadata store is out of reach for now: the driver found no host or
 * gave up waiting, or a node answered that it cannot serve the request yet. Such a request is
 * answered 503 with Retry-After, as S3 answers when it sheds load, so clients back off and retry.
 */
export function isMetadataOutage(err: unknown): boolean {
  const e = cassandra.errors;
  if (err instanceof e.OperationTimedOutError || err instanceof e.NoHostAvailableError) return true;
  if (err instanceof e.BusyConnectionError) return true;
  // The base class alone is what the driver throws when a connection dies under a request
  // ("Socket was closed"): the node went away, the request did not fail on its merits.
  if (err instanceof e.DriverError && err.constructor === e.DriverError) return true;
  return err instanceof e.ResponseError && OUTAGE_CODES.includes(err.code);
}

/** Maps any thrown value to an S3Error; unknown errors become InternalError without leaking their text. */
export function toS3Error(err: unknown): S3Error {
  if (err instanceof S3Error) return err;
  if (isMetadataOutage(err) || isMetadataOutage((err as { cause?: unknown } | undefined)?.cause)) {
    return withHeaders(new S3Error('ServiceUnavailable', 'The metadata store is not answering; retry.'), {
      'Retry-After': String(RETRY_AFTER_SECONDS),
    });
  }
  return new S3Error('InternalError');
}
