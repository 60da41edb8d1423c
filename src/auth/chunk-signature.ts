import { createHash, type Hash } from 'node:crypto';
import { S3Error } from '../errors.js';
import type { SigningContext } from './auth-context.js';
import { EMPTY_SHA256, sha256Hex, signatureHex, signaturesMatch } from './signature-v4.js';

/**
 * The signature chain of STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]: each chunk's signature
 * covers its data and the previous signature, starting from the request (seed) signature; the
 * trailer signature continues from the 0-size chunk.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 */
export class ChunkSignatureChain {
  private previous: string;
  private hash: Hash = createHash('sha256');

  constructor(private readonly signing: SigningContext) {
    this.previous = signing.seedSignature;
  }

  /** Hashes chunk data as it streams past, so a chunk is never buffered for verification. */
  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  /** Checks the signature of the chunk whose data was fed since the last call. */
  verifyChunk(provided: string): void {
    const dataHash = this.hash.digest('hex');
    this.hash = createHash('sha256');
    const toSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      this.signing.amzDate,
      this.signing.scope,
      this.previous,
      EMPTY_SHA256,
      dataHash,
    ].join('\n');
    this.check(toSign, provided, 'chunk');
  }

  /** Checks `x-amz-trailer-signature` over the canonical trailers ("name:value\n" each). */
  verifyTrailer(canonicalTrailers: string, provided: string): void {
    const toSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      this.signing.amzDate,
      this.signing.scope,
      this.previous,
      sha256Hex(canonicalTrailers),
    ].join('\n');
    this.check(toSign, provided, 'trailer');
  }

  private check(toSign: string, provided: string, what: string): void {
    const expected = signatureHex(this.signing.signingKey, toSign);
    if (!signaturesMatch(expected, provided)) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        `The ${what} signature we calculated does not match the signature you provided.`,
      );
    }
    this.previous = expected;
  }
}
