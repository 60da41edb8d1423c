import { Readable } from 'node:stream';
import { S3Error } from '../../errors.js';
import { newVersion } from '../../storage/new-version.js';
import type { ObjectEncryption, ObjectVersion } from '../../storage/types.js';
import { type Context, defineAction, type S3Request } from '../action.js';
import { checkCopySourceConditions } from '../rules/copy-source.js';
import { expirationHeader } from '../rules/expiration-header.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { lockForNewVersion } from '../rules/object-lock-request.js';
import { writeObjectTags } from '../rules/object-tags.js';
import { requestedObjectAcl } from '../rules/requested-object-acl.js';
import { authorizeRequestedTags } from '../rules/requested-tags.js';
import {
  encryptionResponseHeaders,
  requestedEncryption,
  sameEncryptionKey,
} from '../rules/server-side-encryption.js';
import { copiedTags } from '../rules/tag-set.js';
import { versionHeader, writtenVersionHeader } from '../rules/version-id.js';

/**
 * CopyObject by reference: the new version gets new blobs whose block lists are the source's, so
 * no byte is read or written. The ETag and checksum are the source's (the bytes are identical).
 * A copy into another encryption (headers, else the target bucket's default) re-writes the bytes
 * under the target's key instead, as one segment.
 */
export const copyObject = defineAction({
  name: 'CopyObject',
  route: { method: 'PUT', target: 'object', header: 'x-amz-copy-source' },
  permission: { to: 'copy', iam: 's3:PutObject' },
  encryption: true,
  async run(req, ctx, { bucket: target, source: { bucket: sourceBucket, version } }) {
    checkCopySourceConditions(req.headers, version);

    const directive = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') {
      throw new S3Error('InvalidArgument', 'Unknown metadata directive.', {
        ArgumentName: 'x-amz-metadata-directive',
      });
    }
    const key = req.target.key!;
    const changesEncryption = req.headers['x-amz-server-side-encryption'] !== undefined;
    if (
      directive === 'COPY' &&
      sourceBucket.name === target.name &&
      version.key === key &&
      !changesEncryption
    ) {
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
    const encryption = await requestedEncryption(req.headers, ctx, target);
    const { parts, partsCount } = await copiedContent(req, ctx, version, encryption);
    const copy = await ctx.objects.commit(
      newVersion({
        bucket: target.name,
        key,
        size: version.size,
        etag: version.etag,
        ...meta,
        checksum: version.checksum,
        partsCount,
        nullVersion: target.versioning !== 'Enabled',
        inline: ctx.objects.inlineBytes(version),
        encryption,
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
        ...encryptionResponseHeaders(copy.encryption, ctx),
        ...(await expirationHeader(ctx, target, copy, tags)),
      },
      xml: {
        root: 'CopyObjectResult',
        value: { LastModified: copy.lastModified.toISOString(), ETag: `"${copy.etag}"` },
      },
    };
  },
});

/** The copy's segments: the source's by reference under the same key, else its bytes re-sealed. */
async function copiedContent(
  req: S3Request,
  ctx: Context,
  version: ObjectVersion,
  encryption: ObjectEncryption | null,
) {
  if (version.inline) return { parts: [], partsCount: null };
  if (sameEncryptionKey(version.encryption, encryption)) {
    return {
      parts: await ctx.objects.copySegments(await ctx.objects.segments(version)),
      partsCount: version.partsCount,
    };
  }
  const body =
    version.size === 0
      ? Readable.from([])
      : await ctx.objects.open(version, { start: 0, end: version.size - 1 });
  const written = await ctx.objects.writeBody(body, req.signal, encryption);
  const part = {
    partNumber: 1,
    blobId: written.blobId,
    size: written.size,
    etag: version.etag,
    checksum: null,
  };
  return { parts: [part], partsCount: null };
}

function metadataOf(v: ObjectVersion) {
  return { contentType: v.contentType, headers: v.headers, userMeta: v.userMeta };
}
