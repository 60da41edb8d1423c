import type { IncomingHttpHeaders } from 'node:http';
import { verifiedBody } from '../../body/payload-verifier.js';
import { readXmlBody } from '../../body/xml-body.js';
import { S3Error } from '../../errors.js';
import type { S3Request } from '../action.js';

/** Whether the request carries a body at all (a Content-Length above 0, or chunked transfer). */
export function hasBody(req: S3Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * A small XML request body, read with a byte cap and verified like any upload (aws-chunked
 * framing, x-amz-content-sha256, Content-MD5, x-amz-checksum-*) before it is parsed. `headers`
 * are the ones that describe the body (Complete's x-amz-checksum-* describe the object instead).
 */
export async function readRequestXml(
  req: S3Request,
  arrayTags: readonly string[],
  maxBytes: number,
  headers: IncomingHttpHeaders = req.headers,
): Promise<Record<string, unknown>> {
  // A declared length above the cap is refused before a byte is read.
  const declared = Number(headers['x-amz-decoded-content-length'] ?? headers['content-length']);
  if (declared > maxBytes) throw new S3Error('EntityTooLarge', `The request body exceeds ${maxBytes} bytes.`);
  const { stream } = verifiedBody(req.raw, headers, req.auth);
  return readXmlBody(stream, arrayTags, maxBytes);
}
