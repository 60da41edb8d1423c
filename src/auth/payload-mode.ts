import { S3Error } from '../errors.js';

/**
 * How the request body is protected, read from the `x-amz-content-sha256` value. aws-chunked bodies
 * are detected here and not from Content-Encoding: mc/warp (minio-go) sent them without
 * `Content-Encoding: aws-chunked` until 2026 (docs/s3-client-behaviour.md §1.4).
 */
export type PayloadMode =
  /** UNSIGNED-PAYLOAD, presigned without a payload hash, or anonymous without one. */
  | { kind: 'unsigned' }
  /** The (whole, raw) body must hash to `hex`. */
  | { kind: 'sha256'; hex: string }
  /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]: every chunk carries a chained signature. */
  | { kind: 'streaming-signed'; trailer: boolean }
  /** STREAMING-UNSIGNED-PAYLOAD-TRAILER: aws-chunked framing, checksum in an unsigned trailer. */
  | { kind: 'streaming-unsigned-trailer' };

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export function payloadModeFor(value: string): PayloadMode {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { kind: 'sha256', hex: value.toLowerCase() };
  switch (value) {
    case UNSIGNED_PAYLOAD:
      return { kind: 'unsigned' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
      return { kind: 'streaming-signed', trailer: false };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return { kind: 'streaming-signed', trailer: true };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return { kind: 'streaming-unsigned-trailer' };
    case 'STREAMING-UNSIGNED-PAYLOAD':
      // Unsigned chunks with no trailer would carry no integrity check at all; AWS defines no such mode.
      throw new S3Error('InvalidRequest', 'STREAMING-UNSIGNED-PAYLOAD is only supported with a trailer.');
    case 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD':
    case 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER':
      throw new S3Error('NotImplemented', 'SigV4a (AWS4-ECDSA-P256-SHA256) streaming is not supported.');
    default:
      throw new S3Error(
        'InvalidArgument',
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, ' +
          'STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
        { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
      );
  }
}
