import type { IncomingHttpHeaders } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import type { AuthContext } from '../auth/auth-context.js';
import type { HashPool } from '../compute/hash-pool.js';
import { SLAB_BYTES, SlabBatcher } from '../compute/slabs.js';
import { S3Error } from '../errors.js';
import { AwsChunkedDecoder } from './aws-chunked-decoder.js';
import { type BodyDigest, BodyDigester } from './body-digester.js';
import { ByteCounter } from './byte-counter.js';
import type { ChecksumAlgorithm } from './checksum-algorithm.js';
import { planChecksum } from './checksum-plan.js';

export type { BodyDigest } from './body-digester.js';
export type { ChecksumAlgorithm } from './checksum-algorithm.js';

export interface VerifiedBody {
  /** The object bytes; errors (S3Error) instead of ending if any check fails. */
  stream: Readable;
  /** Resolves after a clean end; rejects with the stream's error. */
  digest: Promise<BodyDigest>;
}

/**
 * Turns the raw request body into the verified object bytes: de-frames aws-chunked bodies, computes
 * MD5 (ETag) and the requested checksum in one pass, and checks Content-MD5, a hex
 * x-amz-content-sha256, x-amz-checksum-* (header or trailer), x-amz-decoded-content-length and
 * Content-Length. Throws S3Error synchronously for invalid headers, before any byte is read.
 *
 * On failure `body` is unpiped but not destroyed: destroying an unfinished IncomingMessage kills the
 * socket, and the HTTP layer still has to send the error response (Node drains the rest).
 */
export function verifiedBody(
  body: Readable,
  headers: IncomingHttpHeaders,
  auth: AuthContext,
  opts: { checksumAlgorithm?: ChecksumAlgorithm; hashing?: HashPool } = {},
): VerifiedBody {
  const payload = auth.payload;
  const checksum = planChecksum(headers, payload, opts.checksumAlgorithm);
  const streaming = payload.kind === 'streaming-signed' || payload.kind === 'streaming-unsigned-trailer';
  let decoder: AwsChunkedDecoder | null = null;
  if (streaming) {
    if (payload.kind === 'streaming-signed' && !auth.signing) {
      throw new S3Error('AccessDenied', 'A signed streaming payload requires a signed request.');
    }
    decoder = new AwsChunkedDecoder({
      signing: payload.kind === 'streaming-signed' ? auth.signing : null,
      trailer: payload.kind === 'streaming-unsigned-trailer' || payload.trailer,
      announcedTrailers: checksum.announcedTrailers,
    });
  }
  const settle = deferred<BodyDigest>();
  const digester = new BodyDigester(
    {
      contentMd5: parseContentMd5(headers['content-md5']),
      sha256Hex: payload.kind === 'sha256' ? payload.hex : null,
      decodedLength: streaming
        ? parseLength(headers['x-amz-decoded-content-length'], 'x-amz-decoded-content-length')
        : null,
      checksum,
      trailers: decoder?.trailers ?? new Map(),
    },
    (value) => settle.resolve(value),
    opts.hashing,
  );
  const declared = parseLength(headers['content-length'], 'Content-Length');
  const counter = new ByteCounter(declared);
  const stages: Transform[] = decoder ? [counter, decoder] : [counter];
  // A body of a slab or more is hashed on threads, which get it in slabs; a smaller one costs less
  // to hash here than to hand over.
  if (opts.hashing?.enabled && (declared === null || declared >= SLAB_BYTES)) stages.push(new SlabBatcher());
  stages.push(digester);
  // pipeline destroys every stage with the first error, so the consumer of `digester` sees it.
  pipeline(stages, () => {});
  connectSource(body, counter);
  digester.once('error', settle.reject);
  digester.once('close', () =>
    settle.reject(new S3Error('IncompleteBody', 'The body stream closed before its end.')),
  );
  // Callers that only watch the stream must not get an unhandled rejection.
  settle.promise.catch(() => {});
  return { stream: digester, digest: settle.promise };
}

/** Pipes the client body in; a client that disconnects mid-body is IncompleteBody. */
function connectSource(body: Readable, counter: ByteCounter): void {
  const fail = (): void => {
    body.unpipe(counter);
    counter.destroy(new S3Error('IncompleteBody'));
  };
  body.once('aborted', fail);
  body.once('error', fail);
  body.once('close', () => {
    if (!body.readableEnded) fail();
  });
  body.pipe(counter);
}

function parseContentMd5(value: string | string[] | undefined): Buffer | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new S3Error('InvalidDigest');
  const bytes = Buffer.from(value.trim(), 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== value.trim()) throw new S3Error('InvalidDigest');
  return bytes;
}

function parseLength(value: string | string[] | undefined, name: string): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value.trim())) {
    throw new S3Error('InvalidArgument', `${name} must be a non-negative integer.`, { ArgumentName: name });
  }
  return Number(value.trim());
}

/** A promise with its settle functions (Promise.withResolvers needs Node 22). */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
} {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
