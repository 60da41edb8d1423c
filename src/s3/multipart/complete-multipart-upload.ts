import { decodeGrant } from '../../accounts/grants.js';
import { MAX_XML_BODY } from '../../body/xml-body.js';
import { defaultRetentionFrom } from '../../storage/object-lock.js';
import type { MultipartUpload } from '../../storage/types.js';
import { defineAction } from '../action.js';
import {
  bodyHeaders,
  checkChecksumClaim,
  checkSizeClaim,
  checksumClaim,
} from '../rules/complete-checksum-claim.js';
import { chooseParts, requestedParts } from '../rules/complete-multipart-parts.js';
import { expirationHeader } from '../rules/expiration-header.js';
import { checksumElement, uploadIdOf } from '../rules/multipart-request.js';
import { writeObjectTags } from '../rules/object-tags.js';
import { readRequestXml } from '../rules/request-xml.js';
import { encryptionResponseHeaders } from '../rules/server-side-encryption.js';
import { writtenVersionHeader } from '../rules/version-id.js';
import { checkWriteConditions, underKeyLease, writeConditions } from '../rules/write-conditions.js';

/**
 * POST /bucket/key?uploadId=U: makes the object from the listed parts, metadata only (see
 * storage/upload-completion.ts). A retry of a finished Complete answers with the same result.
 * `If-None-Match: *` / `If-Match` are checked under the key's lease, as for a conditional PUT, and
 * before any part moves: a failed condition leaves the upload as it was.
 */
export const completeMultipartUpload = defineAction({
  name: 'CompleteMultipartUpload',
  route: { method: 'POST', target: 'object', query: 'uploadId' },
  permission: { to: 'bucket', need: 'write', iam: 's3:PutObject' },
  async run(req, ctx, { bucket }) {
    const key = req.target.key!;
    const uploadId = uploadIdOf(req);
    const conditions = writeConditions(req.headers);
    const claim = checksumClaim(req.headers);
    const doc = await readRequestXml(req, ['Part'], MAX_XML_BODY, bodyHeaders(req.headers));
    const requested = requestedParts(doc);
    const minPartSize = ctx.config.multipartMinPartSize;
    const nullVersion = bucket.versioning !== 'Enabled';
    // A lock bucket's default retention runs from the Complete, the moment the object appears.
    const rule = bucket.objectLock?.defaultRetention;
    const defaultRetention = rule ? defaultRetentionFrom(rule, ctx.clock.now()) : undefined;
    // The upload's own row is read under its lease, inside Complete: its ACL is taken from there.
    const asked: Pick<MultipartUpload, 'grants' | 'tags' | 'encryption'> & { read?: true } = { grants: null };
    const complete = () =>
      ctx.multipart.complete(
        { bucket: bucket.name, key, uploadId, nullVersion, defaultRetention },
        async (upload, stored) => {
          asked.grants = upload.grants;
          asked.tags = upload.tags;
          asked.encryption = upload.encryption;
          asked.read = true;
          if (conditions) checkWriteConditions(conditions, await ctx.objects.current(bucket.name, key), key);
          const choice = await chooseParts(upload, stored, requested, minPartSize);
          checkChecksumClaim(claim, choice.checksum, upload.checksumType);
          checkSizeClaim(claim, objectSize(choice.parts));
          return choice;
        },
      );
    const result = conditions ? await underKeyLease(ctx, bucket.name, key, complete) : await complete();
    // The ACL and tags CreateMultipartUpload asked for, written after the version as PutObject writes
    // its own (a crash in between leaves the object private, never more open). A retried Complete
    // has none.
    if (asked.grants !== null) {
      const decoded = asked.grants.flatMap((g) => decodeGrant(g) ?? []);
      await ctx.objects.setGrants({ bucket: bucket.name, key, versionId: result.versionId }, decoded);
    }
    if (asked.tags) {
      await writeObjectTags(
        ctx,
        bucket,
        { bucket: bucket.name, key, versionId: result.versionId },
        asked.tags,
      );
    }
    // A retried Complete did not read the upload: the encryption is the version's.
    const encryption = asked.read
      ? asked.encryption
      : (await ctx.objects.version(bucket.name, key, result.versionId))?.encryption;
    const checksum = result.checksum
      ? {
          [checksumElement(result.checksum.algorithm)]: result.checksum.value,
          ChecksumType: result.checksum.type,
        }
      : {};
    // x-amz-expiration needs the version's creation time and size: read only under lifecycle rules.
    const version = (await ctx.lifecycle.get(bucket))
      ? await ctx.objects.version(bucket.name, key, result.versionId)
      : undefined;
    return {
      status: 200,
      headers: {
        'x-amz-version-id': writtenVersionHeader(bucket, { versionId: result.versionId, nullVersion }),
        ...encryptionResponseHeaders(encryption ?? null, ctx),
        ...(version ? await expirationHeader(ctx, bucket, version, asked.tags) : {}),
      },
      xml: {
        root: 'CompleteMultipartUploadResult',
        value: {
          Location: `http://${req.headers.host ?? 'localhost'}/${bucket.name}/${encodeURIComponent(key)}`,
          Bucket: bucket.name,
          Key: key,
          ETag: `"${result.etag}"`,
          ...checksum,
        },
      },
    };
  },
});

function objectSize(parts: readonly { size: number }[]): number {
  return parts.reduce((sum, p) => sum + p.size, 0);
}
