import { encodeGrant } from '../../accounts/grants.js';
import { canonicalOwnerId } from '../../accounts/root-account.js';
import { defineAction } from '../action.js';
import { requestedGrants } from '../rules/acl-request.js';
import { requestedMultipartChecksum } from '../rules/multipart-checksum-type.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { authorizeRequestedLock, requestedLock } from '../rules/object-lock-request.js';
import { authorizeRequestedTags } from '../rules/requested-tags.js';
import { encryptionResponseHeaders, requestedEncryption } from '../rules/server-side-encryption.js';
import { requestedTags } from '../rules/tag-set.js';

/** POST /bucket/key?uploads: records the upload with the object's future metadata and ACL. */
export const createMultipartUpload = defineAction({
  name: 'CreateMultipartUpload',
  route: { method: 'POST', target: 'object', query: 'uploads' },
  permission: { to: 'bucket', need: 'write', iam: 's3:PutObject' },
  encryption: true,
  async run(req, ctx, { bucket }) {
    const key = req.target.key!;
    const meta = metadataFromHeaders(req.headers);
    const encryption = await requestedEncryption(req.headers, ctx, bucket);
    const checksum = requestedMultipartChecksum(req.headers);
    const grants = await requestedGrants(req, ctx, canonicalOwnerId(bucket.owner), {
      target: 'object',
      acceptBody: false,
      bucket,
    });
    const tags = requestedTags(req);
    await authorizeRequestedTags(req, ctx, bucket, key, tags);
    // Only what the request names is kept; a bucket's default retention is applied at Complete.
    const lock = requestedLock(req.headers, bucket, ctx.clock.now());
    await authorizeRequestedLock(req, ctx, bucket, key, lock);
    const uploadId = ctx.multipart.newUploadId();
    await ctx.multipart.create({
      bucket: bucket.name,
      key,
      uploadId,
      initiated: new Date(),
      owner: req.auth.principal ?? '',
      ...meta,
      checksumAlgorithm: checksum?.algorithm ?? null,
      checksumType: checksum?.type ?? null,
      grants: grants ? grants.map(encodeGrant) : null,
      ...(tags.length > 0 ? { tags } : {}),
      ...(encryption ? { encryption } : {}),
      ...(lock.retention || lock.legalHold !== undefined ? { lock } : {}),
    });
    return {
      status: 200,
      headers: {
        'x-amz-checksum-algorithm': checksum?.algorithm,
        'x-amz-checksum-type': checksum?.type,
        ...encryptionResponseHeaders(encryption, ctx),
      },
      xml: {
        root: 'InitiateMultipartUploadResult',
        value: { Bucket: bucket.name, Key: key, UploadId: uploadId },
      },
    };
  },
});
