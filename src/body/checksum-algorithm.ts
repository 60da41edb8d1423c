import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';

/**
 * The additional checksums S3 clients send (docs/s3-client-behaviour.md §1.1). On the wire every
 * value is the base64 of the big-endian digest: CRC32("123456789") = "y/Q5Jg==".
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
];

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

/** `x-amz-checksum-crc32` etc.: the header (or trailer) carrying the value. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

export function algorithmFromHeaderName(name: string): ChecksumAlgorithm | undefined {
  return CHECKSUM_ALGORITHMS.find((algorithm) => checksumHeaderName(algorithm) === name.toLowerCase());
}

/** Parses an algorithm name as in `x-amz-sdk-checksum-algorithm` (case-insensitive). */
export function parseAlgorithmName(value: string): ChecksumAlgorithm | undefined {
  return CHECKSUM_ALGORITHMS.find((algorithm) => algorithm === value.trim().toUpperCase());
}

/** True when `value` is the canonical base64 of a digest of the algorithm's size. */
export function isWellFormedChecksum(algorithm: ChecksumAlgorithm, value: string): boolean {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === DIGEST_BYTES[algorithm] && bytes.toString('base64') === value;
}

export interface ChecksumHasher {
  update(data: Uint8Array): void;
  /** The raw big-endian digest. */
  digest(): Promise<Buffer>;
}

export function createChecksumHasher(algorithm: ChecksumAlgorithm): ChecksumHasher {
  switch (algorithm) {
    case 'CRC32':
      return crc32Hasher();
    case 'CRC32C': {
      const crc = new Crc32c();
      return { update: (data) => crc.update(data), digest: async () => uint32(crc.digest()) };
    }
    case 'CRC64NVME': {
      const crc = new Crc64Nvme();
      return { update: (data) => crc.update(data), digest: async () => Buffer.from(await crc.digest()) };
    }
    case 'SHA1':
    case 'SHA256': {
      const hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (data) => hash.update(data), digest: async () => hash.digest() };
    }
  }
}

/** zlib.crc32 (Node >= 20.15) continues from a previous value, so it streams without a class. */
function crc32Hasher(): ChecksumHasher {
  let value = 0;
  return { update: (data) => (value = crc32(data, value)), digest: async () => uint32(value) };
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}
