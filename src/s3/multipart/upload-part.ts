import { parseAlgorithmName } from '../../body/checksum-algorithm.js';
import { verifiedBody } from '../../body/payload-verifier.js';
import { defineAction } from '../action.js';
import { checkDeclaredSize } from '../rules/declared-size.js';
import { loadUpload, parsePartNumber } from '../rules/multipart-request.js';
import { encryptionResponseHeaders } from '../rules/server-side-encryption.js';

/**
 * PUT /bucket/key?partNumber=N&uploadId=U: streams the part into content-defined blocks like a
 * PutObject body, then (under the upload's lease) points part N at the new blob. Uploading a part
 * number again replaces it; the old blob becomes collectable.
 */
export const uploadPart = defineAction({
  name: 'UploadPart',
  route: { method: 'PUT', target: 'object', query: 'uploadId' },
  permission: { to: 'bucket', need: 'write', iam: 's3:PutObject' },
  async run(req, ctx, { bucket }) {
    const upload = await loadUpload(req, ctx, bucket);
    const partNumber = parsePartNumber(req.target.query.get('partNumber'));
    checkDeclaredSize(req.headers);
    const algorithm = upload.checksumAlgorithm ? parseAlgorithmName(upload.checksumAlgorithm) : undefined;
    const { stream, digest } = verifiedBody(req.raw, req.headers, req.auth, {
      checksumAlgorithm: algorithm,
      hashing: ctx.hashing,
    });
    // Sealed under the upload's key: S3 takes the encryption from CreateMultipartUpload, not the part.
    const written = await ctx.objects.writeBody(stream, req.signal, upload.encryption ?? null);
    const body = await digest;
    // Only the upload's own algorithm can go into its composite checksum.
    const stored = algorithm && body.checksum?.algorithm === algorithm ? body.checksum.base64 : null;
    await ctx.multipart.commitPart(upload, {
      partNumber,
      blobId: written.blobId,
      size: body.size,
      etag: body.md5Hex,
      checksum: stored,
    });
    return {
      status: 200,
      headers: {
        ETag: `"${body.md5Hex}"`,
        ...encryptionResponseHeaders(upload.encryption ?? null, ctx),
        ...(body.checksum
          ? { [`x-amz-checksum-${body.checksum.algorithm.toLowerCase()}`]: body.checksum.base64 }
          : {}),
      },
    };
  },
});
