import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error, toS3Error } from '../errors.js';
import {
  type ChecksumAlgorithm,
  type ChecksumHasher,
  createChecksumHasher,
  isWellFormedChecksum,
} from './checksum-algorithm.js';
import type { ChecksumPlan } from './checksum-plan.js';

/** What the client promised about the (decoded) body; null = nothing to check. */
export interface BodyExpectations {
  contentMd5: Buffer | null;
  sha256Hex: string | null;
  decodedLength: number | null;
  checksum: ChecksumPlan;
  /** Trailer values, read only after the input has ended (the decoder's map, or empty). */
  trailers: ReadonlyMap<string, string>;
}

export interface BodyDigest {
  size: number;
  /** Hex MD5 of the object bytes: the ETag of a single-part object. */
  md5Hex: string;
  checksum: { algorithm: ChecksumAlgorithm; base64: string } | null;
}

/**
 * Hashes the object bytes in one pass as they flow through and checks every promise in `_flush`,
 * so the stream errors instead of ending when any of them is broken.
 */
export class BodyDigester extends Transform {
  private size = 0;
  private readonly md5: Hash = createHash('md5');
  private readonly sha256: Hash | null;
  private readonly checksum: ChecksumHasher | null;

  constructor(
    private readonly expect: BodyExpectations,
    private readonly onDigest: (digest: BodyDigest) => void,
  ) {
    super();
    this.sha256 = expect.sha256Hex ? createHash('sha256') : null;
    this.checksum = expect.checksum.algorithm ? createChecksumHasher(expect.checksum.algorithm) : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.expect.decodedLength !== null && this.size > this.expect.decodedLength) {
      callback(new S3Error('IncompleteBody', 'The body is longer than x-amz-decoded-content-length.'));
      return;
    }
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.finish().then(
      (digest) => {
        this.onDigest(digest);
        callback();
      },
      (err: unknown) => callback(toS3Error(err)),
    );
  }

  private async finish(): Promise<BodyDigest> {
    const { decodedLength, sha256Hex, contentMd5 } = this.expect;
    if (decodedLength !== null && this.size !== decodedLength) {
      throw new S3Error('IncompleteBody', 'The body is shorter than x-amz-decoded-content-length.');
    }
    if (this.sha256 && sha256Hex) {
      const computed = this.sha256.digest('hex');
      if (computed !== sha256Hex) {
        throw new S3Error('XAmzContentSHA256Mismatch', undefined, {
          ClientComputedContentSHA256: sha256Hex,
          S3ComputedContentSHA256: computed,
        });
      }
    }
    const md5 = this.md5.digest();
    if (contentMd5 && !md5.equals(contentMd5)) throw new S3Error('BadDigest');
    return { size: this.size, md5Hex: md5.toString('hex'), checksum: await this.verifiedChecksum() };
  }

  private async verifiedChecksum(): Promise<BodyDigest['checksum']> {
    const { algorithm, expected } = this.expect.checksum;
    if (!algorithm || !this.checksum) return null;
    const base64 = (await this.checksum.digest()).toString('base64');
    if (expected) {
      const value = expected.source === 'header' ? expected.value : this.expect.trailers.get(expected.name);
      if (value === undefined)
        throw new S3Error('IncompleteBody', 'The announced checksum trailer was not sent.');
      if (!isWellFormedChecksum(algorithm, value)) {
        throw new S3Error(
          'InvalidRequest',
          `Value for x-amz-checksum-${algorithm.toLowerCase()} is invalid.`,
        );
      }
      if (value !== base64) {
        throw new S3Error(
          'BadDigest',
          `The ${algorithm} you specified did not match the calculated checksum.`,
        );
      }
    }
    return { algorithm, base64 };
  }
}
