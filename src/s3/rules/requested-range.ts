import { S3Error } from '../../errors.js';
import type { ObjectVersion } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { type ResolvedRange, resolveRange } from './byte-range.js';
import { parsePartNumber } from './multipart-request.js';

/**
 * The bytes a GET/HEAD asks for: a `Range` header, or `?partNumber=N`, which selects part N of a
 * multipart object (206 with its Content-Range). An object written by one PUT has one part, the
 * whole object; a part beyond the count is InvalidPartNumber (416).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
 */
export async function requestedRange(
  req: S3Request,
  version: ObjectVersion,
  ctx: Context,
): Promise<ResolvedRange | undefined> {
  const header = typeof req.headers.range === 'string' ? req.headers.range : undefined;
  const raw = req.target.query.get('partNumber');
  if (raw === undefined) return resolveRange(header, version.size);
  if (header !== undefined) {
    throw new S3Error('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter');
  }
  const partNumber = parsePartNumber(raw);
  const count = version.partsCount ?? 1;
  if (partNumber > count) {
    throw new S3Error('InvalidPartNumber', undefined, {
      PartNumberRequested: partNumber,
      ActualPartCount: count,
    });
  }
  if (version.partsCount === null) return undefined;
  const part = (await ctx.objects.segments(version)).find((p) => p.partNumber === partNumber);
  if (!part) throw new S3Error('InvalidPartNumber', undefined, { PartNumberRequested: partNumber });
  return { start: part.start, end: part.start + part.size - 1 };
}
