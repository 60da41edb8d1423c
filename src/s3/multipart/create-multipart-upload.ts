import { encodeGrant } from '../../accounts/grants.js';
import { canonicalOwnerId } from '../../accounts/root-account.js';
import { parseAlgorithmName } from '../../body/checksum-algorithm.js';
import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { requestedGrants } from '../rules/acl-request.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { authorizeRequestedTags } from '../rules/requested-tags.js';
import { requestedTags } from '../rules/tag-set.js';

/** POST /bucket/key?uploads: records the upload with the object's future metadata and ACL. */
export const createMultipartUpload = defineAction({
  name: 'CreateMultipartUpload',
  route: { method: 'POST', target: 'object', query: 'uploads' },
  permission: { to: 'bucket', need: 'write', iam: 's3:PutObject' },
  async run(req, ctx, { bucket }) {
    const key = req.target.key!;
    const meta = metadataFromHeaders(req.headers);
    const algorithm = checksumAlgorithmOf(req.headers['x-amz-checksum-algorithm']);
    const type = req.headers['x-amz-checksum-type'];
    if (typeof type === 'string' && type.toUpperCase() === 'FULL_OBJECT') {
      // A full-object CRC of a multipart object would need the bytes at Complete, which reads none.
      throw new S3Error('NotImplemented', 'Only COMPOSITE checksums are supported for multipart uploads.');
    }
    const grants = await requestedGrants(req, ctx, canonicalOwnerId(bucket.owner), {
      target: 'object',
      acceptBody: false,
    });
    const tags = requestedTags(req);
    await authorizeRequestedTags(req, ctx, bucket, key, tags);
    const uploadId = ctx.multipart.newUploadId();
    await ctx.multipart.create({
      bucket: bucket.name,
      key,
      uploadId,
      initiated: new Date(),
      owner: req.auth.principal ?? '',
      ...meta,
      checksumAlgorithm: algorithm ?? null,
      grants: grants ? grants.map(encodeGrant) : null,
      ...(tags.length > 0 ? { tags } : {}),
    });
    return {
      status: 200,
      headers: {
        'x-amz-checksum-algorithm': algorithm,
        'x-amz-checksum-type': algorithm ? 'COMPOSITE' : undefined,
      },
      xml: {
        root: 'InitiateMultipartUploadResult',
        value: { Bucket: bucket.name, Key: key, UploadId: uploadId },
      },
    };
  },
});

function checksumAlgorithmOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const algorithm = typeof header === 'string' ? parseAlgorithmName(header) : undefined;
  if (!algorithm)
    throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-algorithm header is invalid.');
  return algorithm;
}
