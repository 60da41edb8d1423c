import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';
import type { S3Request } from '../action.js';

/** S3's single-PUT limit; larger objects need multipart upload. */
export const MAX_PUT_SIZE = 5 * 1024 ** 3;

/** The object size the client announced, or Infinity when a streamed body does not say. */
export function declaredSize(req: S3Request): number {
  const streaming =
    req.auth.payload.kind === 'streaming-signed' || req.auth.payload.kind === 'streaming-unsigned-trailer';
  const raw = streaming ? req.headers['x-amz-decoded-content-length'] : req.headers['content-length'];
  const n = Number(raw);
  return raw === undefined || !Number.isSafeInteger(n) ? Number.POSITIVE_INFINITY : n;
}

/** A body small enough to live in its version row (the verifier guarantees it is what was declared). */
export async function readSmallBody(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of stream) {
    size += piece.length;
    if (size > max) throw new S3Error('IncompleteBody', 'The body is longer than declared.');
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}

/** PUT and UploadPart: a size must be declared (or the body chunked), and at most 5 GiB. */
export function checkDeclaredSize(headers: IncomingHttpHeaders): void {
  const declared = headers['x-amz-decoded-content-length'] ?? headers['content-length'];
  if (declared === undefined && headers['transfer-encoding'] === undefined) {
    throw new S3Error('MissingContentLength');
  }
  if (declared !== undefined && Number(declared) > MAX_PUT_SIZE) {
    throw new S3Error('EntityTooLarge', undefined, {
      ProposedSize: String(declared),
      MaxSizeAllowed: MAX_PUT_SIZE,
    });
  }
}
