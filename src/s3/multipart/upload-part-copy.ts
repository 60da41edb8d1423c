import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type ChecksumAlgorithm,
  createChecksumHasher,
  parseAlgorithmName,
} from '../../body/checksum-algorithm.js';
import { S3Error } from '../../errors.js';
import type { ByteRange } from '../../storage/types.js';
import { defineAction } from '../action.js';
import { checkCopySourceConditions } from '../rules/copy-source.js';
import { MAX_PUT_SIZE } from '../rules/declared-size.js';
import { checksumElement, loadUpload, parsePartNumber } from '../rules/multipart-request.js';

/**
 * PUT /bucket/key?partNumber=N&uploadId=U with x-amz-copy-source[-range]: the part is a new blob
 * whose blocks are the source's blocks in the range (by reference; only the two blocks cut by the
 * range edges are stored anew). The source range is read once for the part's ETag (MD5) and
 * checksum, which S3 defines over the bytes; nothing is written for the blocks in between.
 */
export const uploadPartCopy = defineAction({
  name: 'UploadPartCopy',
  route: { method: 'PUT', target: 'object', query: 'uploadId', header: 'x-amz-copy-source' },
  permission: { to: 'copy', iam: 's3:PutObject' },
  async run(req, ctx, { bucket, source: { version } }) {
    const upload = await loadUpload(req, ctx, bucket);
    const partNumber = parsePartNumber(req.target.query.get('partNumber'));
    checkCopySourceConditions(req.headers, version);
    const parts = await ctx.objects.segments(version);
    const range = copyRange(req.headers['x-amz-copy-source-range'], version.size);
    if (range.end - range.start + 1 > MAX_PUT_SIZE) {
      throw new S3Error(
        'InvalidRequest',
        'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
      );
    }
    const algorithm = upload.checksumAlgorithm ? parseAlgorithmName(upload.checksumAlgorithm) : undefined;
    // The part is sealed under the upload's key whatever the source's (blocks under the same key are reused).
    const encryption = upload.encryption ?? null;
    // An inline source has no blocks to reference: its few bytes are written as a new blob.
    const [copied, hashed] = await Promise.allSettled([
      version.inline
        ? ctx.objects.writeBody(await ctx.objects.open(version, range), req.signal, encryption)
        : ctx.multipart.copyRange(parts, range, encryption),
      digestOf(await ctx.objects.open(version, range), algorithm),
    ]);
    if (hashed.status === 'rejected') {
      if (copied.status === 'fulfilled') await ctx.objects.discardBlob(copied.value.blobId);
      throw hashed.reason;
    }
    if (copied.status === 'rejected') throw copied.reason;
    const written = copied.value;
    const digest = hashed.value;
    await ctx.multipart.commitPart(upload, {
      partNumber,
      blobId: written.blobId,
      size: written.size,
      etag: digest.md5,
      checksum: digest.checksum ?? null,
    });
    return {
      status: 200,
      xml: {
        root: 'CopyPartResult',
        value: {
          LastModified: new Date().toISOString(),
          ETag: `"${digest.md5}"`,
          ...(algorithm && digest.checksum ? { [checksumElement(algorithm)]: digest.checksum } : {}),
        },
      },
    };
  },
});

/** `bytes=first-last`, both inclusive and inside the source; absent = the whole source. */
function copyRange(header: string | string[] | undefined, size: number): ByteRange {
  if (header === undefined) return { start: 0, end: size - 1 };
  const m = typeof header === 'string' ? /^bytes=(\d+)-(\d+)$/.exec(header.trim()) : null;
  if (!m || Number(m[1]) > Number(m[2])) {
    throw new S3Error(
      'InvalidArgument',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      { ArgumentName: 'x-amz-copy-source-range' },
    );
  }
  const range = { start: Number(m[1]), end: Number(m[2]) };
  if (range.end >= size) throw new S3Error('InvalidRange', undefined, { ActualObjectSize: size });
  return range;
}

async function digestOf(bytes: Readable, algorithm: ChecksumAlgorithm | undefined) {
  const md5 = createHash('md5');
  const checksum = algorithm ? createChecksumHasher(algorithm) : undefined;
  for await (const chunk of bytes) {
    md5.update(chunk as Buffer);
    checksum?.update(chunk as Buffer);
  }
  return {
    md5: md5.digest('hex'),
    checksum: checksum ? (await checksum.digest()).toString('base64') : undefined,
  };
}
