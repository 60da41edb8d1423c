import type { IncomingHttpHeaders } from 'node:http';
import type { PayloadMode } from '../auth/auth-context.js';
import { S3Error } from '../errors.js';
import {
  algorithmFromHeaderName,
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumHeaderName,
  isWellFormedChecksum,
  parseAlgorithmName,
} from './checksum-algorithm.js';

/**
 * Which additional checksum a body must be hashed with, and where the expected value comes from:
 * an `x-amz-checksum-*` header, an `x-amz-trailer` announced trailer, or nowhere (computed only,
 * so it can be returned, e.g. when only `x-amz-sdk-checksum-algorithm` names it).
 * Rules from versity/versitygw PR #1664 and AWS's own answers (docs/s3-client-behaviour.md §1.5).
 */
export interface ChecksumPlan {
  algorithm: ChecksumAlgorithm | null;
  expected: { source: 'header'; value: string } | { source: 'trailer'; name: string } | null;
  /** Lower-case trailer names the aws-chunked decoder may accept. */
  announcedTrailers: string[];
}

const SINGLE_CHECKSUM = 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.';

export function planChecksum(
  headers: IncomingHttpHeaders,
  payload: PayloadMode,
  requested: ChecksumAlgorithm | undefined,
): ChecksumPlan {
  const inHeaders = CHECKSUM_ALGORITHMS.filter(
    (algorithm) => headers[checksumHeaderName(algorithm)] !== undefined,
  );
  const announcedTrailers = splitList(headers['x-amz-trailer']);
  if (inHeaders.length + announcedTrailers.length > 1) throw new S3Error('InvalidRequest', SINGLE_CHECKSUM);
  const hasTrailerSection =
    payload.kind === 'streaming-unsigned-trailer' || (payload.kind === 'streaming-signed' && payload.trailer);
  if (announcedTrailers.length > 0 && !hasTrailerSection) {
    throw new S3Error(
      'InvalidRequest',
      'x-amz-trailer requires a STREAMING-...-TRAILER x-amz-content-sha256.',
    );
  }
  const declared = declaredChecksum(headers, inHeaders[0], announcedTrailers[0]);
  const algorithm = declared?.algorithm ?? namedAlgorithm(headers) ?? requested ?? null;
  if (requested && algorithm !== requested) {
    throw new S3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${requested.toLowerCase()}, ` +
        `actual checksum Type: ${algorithm?.toLowerCase()}`,
    );
  }
  return { algorithm, expected: declared?.expected ?? null, announcedTrailers };
}

function declaredChecksum(
  headers: IncomingHttpHeaders,
  headerAlgorithm: ChecksumAlgorithm | undefined,
  trailerName: string | undefined,
): (Pick<ChecksumPlan, 'expected'> & { algorithm: ChecksumAlgorithm }) | undefined {
  if (headerAlgorithm) {
    const name = checksumHeaderName(headerAlgorithm);
    const value = String(headers[name]).trim();
    if (!isWellFormedChecksum(headerAlgorithm, value)) {
      throw new S3Error('InvalidRequest', `Value for ${name} header is invalid.`);
    }
    return { algorithm: headerAlgorithm, expected: { source: 'header', value } };
  }
  if (trailerName) {
    const algorithm = algorithmFromHeaderName(trailerName);
    if (!algorithm)
      throw new S3Error('InvalidRequest', `The value specified in the x-amz-trailer header is not supported`);
    return { algorithm, expected: { source: 'trailer', name: trailerName } };
  }
  return undefined;
}

/**
 * `x-amz-sdk-checksum-algorithm` (SDK-internal, AWS ignores it for verification) or
 * `x-amz-checksum-algorithm` (UploadPart): only says which checksum to compute and return.
 */
function namedAlgorithm(headers: IncomingHttpHeaders): ChecksumAlgorithm | undefined {
  for (const header of ['x-amz-sdk-checksum-algorithm', 'x-amz-checksum-algorithm']) {
    const value = headers[header];
    if (typeof value !== 'string') continue;
    const algorithm = parseAlgorithmName(value);
    if (!algorithm) throw new S3Error('InvalidRequest', `Value for ${header} header is invalid.`);
    return algorithm;
  }
  return undefined;
}

function splitList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}
