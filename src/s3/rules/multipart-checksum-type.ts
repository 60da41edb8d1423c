import type { IncomingHttpHeaders } from 'node:http';
import { type ChecksumAlgorithm, parseAlgorithmName } from '../../body/checksum-algorithm.js';
import { S3Error } from '../../errors.js';

export type MultipartChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

/** Algorithms whose whole-object value can be combined from the parts' values and lengths. */
const COMBINABLE: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME'];

/**
 * CreateMultipartUpload's `x-amz-checksum-algorithm` and `x-amz-checksum-type`, with S3's rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html):
 * COMPOSITE is the default, FULL_OBJECT takes only the CRCs, and CRC64NVME is FULL_OBJECT only
 * (its default). A type without an algorithm is refused.
 */
export function requestedMultipartChecksum(
  headers: IncomingHttpHeaders,
): { algorithm: ChecksumAlgorithm; type: MultipartChecksumType } | undefined {
  const algorithm = algorithmOf(headers['x-amz-checksum-algorithm']);
  const rawType = headers['x-amz-checksum-type'];
  if (algorithm === undefined) {
    if (rawType === undefined) return undefined;
    throw new S3Error(
      'InvalidRequest',
      'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
    );
  }
  const type = rawType === undefined ? defaultType(algorithm) : typeOf(rawType);
  const fits = type === 'FULL_OBJECT' ? COMBINABLE.includes(algorithm) : algorithm !== 'CRC64NVME';
  if (!fits) {
    throw new S3Error(
      'InvalidRequest',
      `The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  return { algorithm, type };
}

function defaultType(algorithm: ChecksumAlgorithm): MultipartChecksumType {
  return algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE';
}

function algorithmOf(header: string | string[] | undefined): ChecksumAlgorithm | undefined {
  if (header === undefined) return undefined;
  const algorithm = typeof header === 'string' ? parseAlgorithmName(header) : undefined;
  if (!algorithm)
    throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-algorithm header is invalid.');
  return algorithm;
}

function typeOf(header: string | string[]): MultipartChecksumType {
  const type = typeof header === 'string' ? header.trim().toUpperCase() : '';
  if (type !== 'COMPOSITE' && type !== 'FULL_OBJECT') {
    throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  }
  return type;
}
