import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** Hex MD5, as S3 puts it in a single-part ETag. */
export const md5 = (data: Uint8Array | string): string => createHash('md5').update(data).digest('hex');

/** Hex SHA-256, as blocks are named. */
export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Base64 of the big-endian CRC32, as in x-amz-checksum-crc32. */
export function crc32Base64(data: Uint8Array): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data));
  return out.toString('base64');
}
