import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { boundedInt, checksumElement, loadUpload, MAX_PART_NUMBER } from '../rules/multipart-request.js';

const MAX_PARTS = 1000;

/** GET /bucket/key?uploadId=U: the uploaded parts, paged by max-parts and part-number-marker. */
export const listParts = defineAction({
  name: 'ListParts',
  route: { method: 'GET', target: 'object', query: 'uploadId' },
  permission: { to: 'bucket', need: 'write', iam: 's3:ListMultipartUploadParts' },
  async run(req, ctx, { bucket }) {
    const upload = await loadUpload(req, ctx, bucket);
    const maxParts = boundedInt(req, 'max-parts', MAX_PARTS, MAX_PARTS);
    const marker = boundedInt(req, 'part-number-marker', 0, MAX_PART_NUMBER);
    if (marker < 0) throw new S3Error('InvalidArgument', undefined, { ArgumentName: 'part-number-marker' });
    const found = await ctx.multipart.parts(upload.uploadId, marker, maxParts + 1);
    const page = found.slice(0, maxParts);
    const truncated = found.length > maxParts;
    const initiator = upload.owner === '' ? undefined : await ctx.accounts.owner(upload.owner);
    const owner = initiator && { ID: initiator.id, DisplayName: initiator.displayName };
    const algorithm = upload.checksumAlgorithm;
    return {
      status: 200,
      xml: {
        root: 'ListPartsResult',
        value: {
          Bucket: upload.bucket,
          Key: upload.key,
          UploadId: upload.uploadId,
          ...(owner ? { Initiator: owner, Owner: owner } : {}),
          StorageClass: 'STANDARD',
          PartNumberMarker: marker,
          NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
          MaxParts: maxParts,
          IsTruncated: truncated,
          ...(algorithm
            ? { ChecksumAlgorithm: algorithm, ChecksumType: upload.checksumType ?? 'COMPOSITE' }
            : {}),
          Part: page.map((p) => ({
            PartNumber: p.partNumber,
            LastModified: p.lastModified.toISOString(),
            ETag: `"${p.etag}"`,
            Size: p.size,
            ...(algorithm && p.checksum ? { [checksumElement(algorithm)]: p.checksum } : {}),
          })),
        },
      },
    };
  },
});
