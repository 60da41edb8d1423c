import { Transform, type TransformCallback } from 'node:stream';
import type { SigningContext } from '../auth/auth-context.js';
import { ChunkSignatureChain } from '../auth/chunk-signature.js';
import { S3Error, toS3Error } from '../errors.js';
import { LineBuffer } from './line-buffer.js';
import { TrailerSection } from './trailer-section.js';

/**
 * Decodes an aws-chunked request body (docs/s3-client-behaviour.md §1.5) into the object bytes:
 * signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), signed chunks + signed trailer (...-TRAILER)
 * and unsigned chunks + trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
 *
 * Data is passed on as it arrives (memory stays bounded by the caps below), so downstream sees
 * bytes of a chunk before its signature is checked; that is safe because the stream errors instead
 * of ending when anything fails, and consumers commit only on a clean end.
 */

/** Caps taken from MinIO: a size line is tiny, a chunk never needs more than 16 MiB. */
export const MAX_SIZE_LINE_BYTES = 4 * 1024;
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
export const MAX_TRAILER_BYTES = 16 * 1024;

export interface AwsChunkedOptions {
  /** The request's signing context for signed chunks; null for STREAMING-UNSIGNED-PAYLOAD-TRAILER. */
  signing: SigningContext | null;
  /** Whether a trailer section follows the 0-size chunk. */
  trailer: boolean;
  /** Lower-case trailer names from `x-amz-trailer`; no others are accepted. */
  announcedTrailers: readonly string[];
}

type State = 'size' | 'data' | 'data-end' | 'final' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  /** Trailer values by lower-case name; complete once the stream has ended. */
  readonly trailers: Map<string, string>;
  /** Decoded (object) bytes emitted so far. */
  decodedLength = 0;

  private state: State = 'size';
  private remaining = 0;
  private crlfSeen = 0;
  private readonly sizeLine = new LineBuffer(MAX_SIZE_LINE_BYTES, 'a chunk size line');
  private readonly trailerLine = new LineBuffer(MAX_TRAILER_BYTES, 'the trailer section');
  private trailerBytes = 0;
  /** The `chunk-signature` of the chunk being read (signed mode). */
  private pendingSignature = '';
  private readonly chain: ChunkSignatureChain | null;
  private readonly section: TrailerSection;

  constructor(private readonly options: AwsChunkedOptions) {
    super();
    this.chain = options.signing ? new ChunkSignatureChain(options.signing) : null;
    this.section = new TrailerSection(new Set(options.announcedTrailers), this.chain !== null);
    this.trailers = this.section.values;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let offset = 0;
      while (offset < chunk.length) offset = this.step(chunk, offset);
      callback();
    } catch (err) {
      callback(toS3Error(err));
    }
  }

  /** End of input: finish only if the body is complete; a truncated body is IncompleteBody. */
  override _flush(callback: TransformCallback): void {
    try {
      if (this.state === 'final' && this.crlfSeen === 0) this.state = 'done';
      if (this.state === 'trailer' && !this.trailerLine.pending) this.finishTrailers(true);
      if (this.state !== 'done')
        throw new S3Error('IncompleteBody', 'The aws-chunked body ended before its last chunk.');
      callback();
    } catch (err) {
      callback(toS3Error(err));
    }
  }

  private step(chunk: Buffer, offset: number): number {
    switch (this.state) {
      case 'size':
        return this.readSizeLine(chunk, offset);
      case 'data':
        return this.readData(chunk, offset);
      case 'data-end':
      case 'final':
        return this.readCrlf(chunk, offset);
      case 'trailer':
        return this.readTrailerLine(chunk, offset);
      case 'done':
        throw malformed('data after the end of the aws-chunked body.');
    }
  }

  private readSizeLine(chunk: Buffer, offset: number): number {
    const { line, next } = this.sizeLine.read(chunk, offset);
    if (line) this.startChunk(line);
    return next;
  }

  private startChunk(line: Buffer): void {
    const text = line.toString('latin1').replace(/\r?\n$/, '');
    const semicolon = text.indexOf(';');
    const sizeHex = (semicolon < 0 ? text : text.slice(0, semicolon)).trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeHex)) throw malformed('invalid chunk size.');
    const size = Number.parseInt(sizeHex, 16);
    if (size > MAX_CHUNK_BYTES) throw malformed(`chunk size exceeds ${MAX_CHUNK_BYTES} bytes.`);
    if (this.chain) {
      // Signed chunks carry exactly one extension; unsigned ones may carry any (ignored).
      const match = /^chunk-signature=([0-9a-fA-F]{64})$/.exec(
        semicolon < 0 ? '' : text.slice(semicolon + 1).trim(),
      );
      if (!match) throw malformed('a signed chunk needs ";chunk-signature=<64 hex>".');
      this.pendingSignature = match[1]!.toLowerCase();
    }
    this.remaining = size;
    if (size > 0) {
      this.state = 'data';
      return;
    }
    this.verifyChunk();
    this.crlfSeen = 0;
    this.state = this.options.trailer ? 'trailer' : 'final';
  }

  private verifyChunk(): void {
    this.chain?.verifyChunk(this.pendingSignature);
  }

  private readData(chunk: Buffer, offset: number): number {
    const take = Math.min(this.remaining, chunk.length - offset);
    const data = chunk.subarray(offset, offset + take);
    this.chain?.update(data);
    this.remaining -= take;
    this.decodedLength += take;
    this.push(data);
    if (this.remaining === 0) {
      this.verifyChunk();
      this.crlfSeen = 0;
      this.state = 'data-end';
    }
    return offset + take;
  }

  /** The "\r\n" after chunk data, or the final blank line of a body without trailer. */
  private readCrlf(chunk: Buffer, offset: number): number {
    const expected = this.crlfSeen === 0 ? 0x0d : 0x0a;
    if (chunk[offset] !== expected) throw malformed('chunk data must be followed by CRLF.');
    this.crlfSeen += 1;
    if (this.crlfSeen === 2) this.state = this.state === 'final' ? 'done' : 'size';
    return offset + 1;
  }

  private readTrailerLine(chunk: Buffer, offset: number): number {
    const { line, next } = this.trailerLine.read(chunk, offset);
    this.trailerBytes += next - offset;
    if (this.trailerBytes > MAX_TRAILER_BYTES) {
      throw malformed(`the trailer section exceeds ${MAX_TRAILER_BYTES} bytes.`);
    }
    if (line && this.section.line(line)) this.finishTrailers(false);
    return next;
  }

  /** Verifies the trailer signature and that every announced trailer arrived, before `end`. */
  private finishTrailers(atEof: boolean): void {
    const missing = this.section.missing();
    if (missing) throw new S3Error('IncompleteBody', `The announced trailer ${missing} was not sent.`);
    if (this.chain) {
      const signature = this.section.signature;
      if (signature === undefined) {
        throw atEof
          ? new S3Error('IncompleteBody', 'The body ended before x-amz-trailer-signature.')
          : new S3Error('SignatureDoesNotMatch', 'The trailer section has no x-amz-trailer-signature.');
      }
      this.chain.verifyTrailer(this.section.canonical, signature);
    }
    this.state = 'done';
  }
}

function malformed(reason: string): S3Error {
  return new S3Error('InvalidRequest', `Malformed aws-chunked body: ${reason}`);
}
