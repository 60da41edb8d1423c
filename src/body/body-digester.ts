import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { DigestAlgorithm, DigestStream, HashPool } from '../compute/hash-pool.js';
import { isSlab } from '../compute/slabs.js';
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
 * so the stream errors instead of ending when any of them is broken. Bodies that arrive in slabs
 * (compute/slabs.ts) have their MD5 and SHA-256 computed on a hashing thread (compute/hash-pool.ts).
 */
export class BodyDigester extends Transform {
  private size = 0;
  private md5: Hash | null = null;
  private sha256: Hash | null = null;
  private readonly checksum: ChecksumHasher | null;
  private thread: Promise<DigestStream> | null = null;

  constructor(
    private readonly expect: BodyExpectations,
    private readonly onDigest: (digest: BodyDigest) => void,
    private readonly hashing?: HashPool,
  ) {
    super();
    this.checksum = expect.checksum.algorithm ? createChecksumHasher(expect.checksum.algorithm) : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.size === 0 && !this.md5 && !this.thread) this.chooseHasher(chunk);
    this.size += chunk.length;
    if (this.expect.decodedLength !== null && this.size > this.expect.decodedLength) {
      callback(new S3Error('IncompleteBody', 'The body is longer than x-amz-decoded-content-length.'));
      return;
    }
    this.checksum?.update(chunk);
    if (!this.thread) {
      this.md5?.update(chunk);
      this.sha256?.update(chunk);
      callback(null, chunk);
      return;
    }
    // The slab is on the thread until it comes back; the checksum above has read it already.
    this.thread.then((t) => t.update(chunk)).then((back) => callback(null, back), callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    const thread = this.thread;
    this.thread = null;
    thread?.then(
      (t) => t.drop(),
      () => {},
    );
    callback(err);
  }

  /** A body in slabs is hashed on a thread, any other here; decided by its first chunk. */
  private chooseHasher(first: Buffer): void {
    if (this.hashing?.enabled && isSlab(first)) {
      const algorithms: DigestAlgorithm[] = this.expect.sha256Hex ? ['md5', 'sha256'] : ['md5'];
      this.thread = this.hashing.openDigest(algorithms);
      this.thread.catch(() => {});
      return;
    }
    this.md5 = createHash('md5');
    this.sha256 = this.expect.sha256Hex ? createHash('sha256') : null;
  }

  /** MD5 (raw) and SHA-256 (hex, when asked) of the whole body, wherever they were computed. */
  private async digests(): Promise<{ md5: Buffer; sha256: string | null }> {
    if (this.thread) {
      const thread = this.thread;
      this.thread = null;
      const hex = await (await thread).end();
      return { md5: Buffer.from(hex.md5 ?? '', 'hex'), sha256: hex.sha256 ?? null };
    }
    // An empty body never chose.
    const md5 = this.md5 ?? createHash('md5');
    const sha256 = this.expect.sha256Hex ? (this.sha256 ?? createHash('sha256')).digest('hex') : null;
    return { md5: md5.digest(), sha256 };
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
    const digests = await this.digests();
    if (sha256Hex) {
      const computed = digests.sha256;
      if (computed !== sha256Hex) {
        throw new S3Error('XAmzContentSHA256Mismatch', undefined, {
          ClientComputedContentSHA256: sha256Hex,
          S3ComputedContentSHA256: computed ?? '',
        });
      }
    }
    const md5 = digests.md5;
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
