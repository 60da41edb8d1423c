import { S3Error } from '../../errors.js';
import type { Bucket, MultipartUpload } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';

export const MAX_PART_NUMBER = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `uploadId` query parameter; one that cannot be ours is NoSuchUpload, as S3 answers. */
export function uploadIdOf(req: S3Request): string {
  const id = req.target.query.get('uploadId') ?? '';
  if (!UUID.test(id)) throw new S3Error('NoSuchUpload', undefined, { UploadId: id });
  return id.toLowerCase();
}

/** A part number, 1 to 10,000 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html). */
export function parsePartNumber(raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || n < 1 || n > MAX_PART_NUMBER) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: raw ?? '',
    });
  }
  return n;
}

/** The open upload of `bucket` named by the request's key and `uploadId`. */
export async function loadUpload(req: S3Request, ctx: Context, bucket: Bucket): Promise<MultipartUpload> {
  const uploadId = uploadIdOf(req);
  const upload = await ctx.multipart.get(bucket.name, req.target.key!, uploadId);
  if (!upload) throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
  return upload;
}

/** `ChecksumCRC32` etc.: the XML element of a checksum in S3's multipart results. */
export function checksumElement(algorithm: string): string {
  return `Checksum${algorithm.toUpperCase()}`;
}

/** A non-negative integer query parameter capped at `max` (max-parts, max-uploads). */
export function boundedInt(req: S3Request, name: string, fallback: number, max: number): number {
  const raw = req.target.query.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new S3Error('InvalidArgument', `${name} must be a non-negative integer.`, { ArgumentName: name });
  }
  return Math.min(Number(raw), max);
}
