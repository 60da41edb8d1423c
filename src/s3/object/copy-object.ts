import { S3Error } from '../../errors.js';
import { newVersion } from '../../storage/new-version.js';
import type { ObjectVersion } from '../../storage/types.js';
import { defineAction } from '../action.js';
import { checkCopySourceConditions } from '../rules/copy-source.js';
import { expirationHeader } from '../rules/expiration-header.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { lockForNewVersion } from '../rules/object-lock-request.js';
import { writeObjectTags } from '../rules/object-tags.js';
import { requestedObjectAcl } from '../rules/requested-object-acl.js';
import { authorizeRequestedTags } from '../rules/requested-tags.js';
import { copiedTags } from '../rules/tag-set.js';
import { versionHeader, writtenVersionHeader } from '../rules/version-id.js';

/**
 * CopyObject by reference: the new version gets new blobs whose block lists are the source's, so
 * no byte is read or written. The ETag and checksum are the source's (the bytes are identical).
 */
export const copyObject = defineAction({
  name: 'CopyObject',
  route: { method: 'PUT', target: 'object', header: 'x-amz-copy-source' },
  permission: { to: 'copy', iam: 's3:PutObject' },
  async run(req, ctx, { bucket: target, source: { bucket: sourceBucket, version } }) {
    checkCopySourceConditions(req.headers, version);

    const directive = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') {
      throw new S3Error('InvalidArgument', 'Unknown metadata directive.', {
        ArgumentName: 'x-amz-metadata-directive',
      });
    }
    const key = req.target.key!;
    if (directive === 'COPY' && sourceBucket.name === target.name && version.key === key) {
      throw new S3Error(
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const meta = directive === 'REPLACE' ? metadataFromHeaders(req.headers) : metadataOf(version);
    // The copy gets the ACL the request asks for (x-amz-acl / x-amz-grant-*), else private, as on S3.
    const acl = await requestedObjectAcl(req, ctx, target);
    const tags = await copiedTags(req, () => ctx.objects.tags(version));
    await authorizeRequestedTags(req, ctx, target, key, tags);
    // The copy's lock is its own request's (or the target's default), never the source's, as on S3.
    const lock = await lockForNewVersion(req, ctx, target, key);
    const parts = await ctx.objects.copySegments(await ctx.objects.segments(version));
    const copy = await ctx.objects.commit(
      newVersion({
        bucket: target.name,
        key,
        size: version.size,
        etag: version.etag,
        ...meta,
        checksum: version.checksum,
        partsCount: version.partsCount,
        nullVersion: target.versioning !== 'Enabled',
        inline: version.inline,
        ...lock,
      }),
      parts,
    );
    await acl.store(copy);
    if (tags.length > 0) await writeObjectTags(ctx, target, copy, tags);
    return {
      status: 200,
      headers: {
        'x-amz-version-id': writtenVersionHeader(target, copy),
        'x-amz-copy-source-version-id': versionHeader(sourceBucket, version),
        ...(await expirationHeader(ctx, target, copy, tags)),
      },
      xml: {
        root: 'CopyObjectResult',
        value: { LastModified: copy.lastModified.toISOString(), ETag: `"${copy.etag}"` },
      },
    };
  },
});

function metadataOf(v: ObjectVersion) {
  return { contentType: v.contentType, headers: v.headers, userMeta: v.userMeta };
}
