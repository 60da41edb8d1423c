import { createHash } from 'node:crypto';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  createChecksumHasher,
  parseAlgorithmName,
} from '../../body/checksum-algorithm.js';
import { combineCrcs, isCombinable } from '../../body/crc-combine.js';
import { S3Error } from '../../errors.js';
import type { CompletionChoice, MultipartUpload, UploadedPart } from '../../storage/types.js';
import { checksumElement } from './multipart-request.js';

/** One `<Part>` of a CompleteMultipartUpload request. */
export interface RequestedPart {
  partNumber: number;
  etag: string;
  /** Checksums the client echoed (lib-storage sends the UploadPart response's ChecksumCRC32). */
  checksums: Map<ChecksumAlgorithm, string>;
}

/** Reads `<CompleteMultipartUpload><Part>...` (parsed with `Part` as an array). */
export function requestedParts(doc: Record<string, unknown>): RequestedPart[] {
  const root = doc.CompleteMultipartUpload;
  const parts = root && typeof root === 'object' ? (root as Record<string, unknown>).Part : undefined;
  if (!Array.isArray(parts) || parts.length === 0) throw new S3Error('MalformedXML');
  return parts.map((raw: unknown) => {
    const part = (raw ?? {}) as Record<string, unknown>;
    const number = String(part.PartNumber ?? '');
    if (!/^\d{1,5}$/.test(number) || typeof part.ETag !== 'string') throw new S3Error('MalformedXML');
    const checksums = new Map<ChecksumAlgorithm, string>();
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = part[checksumElement(algorithm)];
      if (typeof value === 'string') checksums.set(algorithm, value);
    }
    return { partNumber: Number(number), etag: unquote(part.ETag), checksums };
  });
}

/**
 * S3's rules for the listed parts (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html):
 * ascending numbers (InvalidPartOrder), each uploaded with that ETag and, if echoed, that checksum
 * (InvalidPart), every part but the last at least `minPartSize` (EntityTooSmall). Then the ETag
 * (MD5 of the parts' binary MD5s, `-N`) and the object's checksum (COMPOSITE, or FULL_OBJECT
 * combined from the parts' CRCs and sizes), without reading a byte.
 */
export async function chooseParts(
  upload: MultipartUpload,
  stored: readonly UploadedPart[],
  requested: readonly RequestedPart[],
  minPartSize: number,
): Promise<CompletionChoice> {
  for (let i = 1; i < requested.length; i++) {
    if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) throw new S3Error('InvalidPartOrder');
  }
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const algorithm = upload.checksumAlgorithm ? parseAlgorithmName(upload.checksumAlgorithm) : undefined;
  const parts = requested.map((r) => {
    const part = byNumber.get(r.partNumber);
    if (!part || part.etag !== r.etag) throw invalidPart(r);
    for (const [echoed, value] of r.checksums) {
      if (echoed !== algorithm || part.checksum !== value) throw invalidPart(r);
    }
    return part;
  });
  parts.forEach((p, i) => {
    if (i < parts.length - 1 && p.size < minPartSize) {
      throw new S3Error('EntityTooSmall', undefined, {
        PartNumber: p.partNumber,
        ProposedSize: p.size,
        MinSizeAllowed: minPartSize,
      });
    }
  });
  const checksum =
    upload.checksumType === 'FULL_OBJECT'
      ? fullObjectChecksum(algorithm, parts)
      : await compositeChecksum(algorithm, parts);
  return { parts, etag: multipartEtag(parts), checksum };
}

export function multipartEtag(parts: readonly Pick<UploadedPart, 'etag'>[]): string {
  const md5 = createHash('md5');
  for (const p of parts) md5.update(Buffer.from(p.etag, 'hex'));
  return `${md5.digest('hex')}-${parts.length}`;
}

/** base64(checksum of the concatenated raw part checksums) + `-N`, S3's COMPOSITE type. */
async function compositeChecksum(
  algorithm: ChecksumAlgorithm | undefined,
  parts: readonly UploadedPart[],
): Promise<CompletionChoice['checksum']> {
  if (!algorithm || parts.some((p) => p.checksum === null)) return null;
  const hasher = createChecksumHasher(algorithm);
  for (const p of parts) hasher.update(Buffer.from(p.checksum!, 'base64'));
  const value = `${(await hasher.digest()).toString('base64')}-${parts.length}`;
  return { algorithm, value, type: 'COMPOSITE' };
}

/** The CRC of the whole object, from each part's CRC and size (no `-N`: it is the object's own). */
function fullObjectChecksum(
  algorithm: ChecksumAlgorithm | undefined,
  parts: readonly UploadedPart[],
): CompletionChoice['checksum'] {
  if (!algorithm || !isCombinable(algorithm) || parts.some((p) => p.checksum === null)) return null;
  const pieces = parts.map((p) => ({ crc: Buffer.from(p.checksum!, 'base64'), length: p.size }));
  return { algorithm, value: combineCrcs(algorithm, pieces).toString('base64'), type: 'FULL_OBJECT' };
}

/** SDKs send the ETag quoted (as `&quot;`, which the XML parser decodes). */
function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

function invalidPart(r: RequestedPart): S3Error {
  return new S3Error('InvalidPart', undefined, { PartNumber: r.partNumber, ETag: r.etag });
}
