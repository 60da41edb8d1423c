import { verifiedBody } from '../../body/payload-verifier.js';
import { S3Error } from '../../errors.js';
import { newVersion } from '../../storage/new-version.js';
import { defineAction } from '../action.js';
import { checksumResponseHeaders } from '../rules/checksum-headers.js';
import { checkDeclaredSize, declaredSize, readSmallBody } from '../rules/declared-size.js';
import { expirationHeader } from '../rules/expiration-header.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { lockForNewVersion, requireLockDigest } from '../rules/object-lock-request.js';
import { writeObjectTags } from '../rules/object-tags.js';
import { requestedObjectAcl } from '../rules/requested-object-acl.js';
import { authorizeRequestedTags } from '../rules/requested-tags.js';
import { encryptionResponseHeaders, requestedEncryption } from '../rules/server-side-encryption.js';
import { requestedTags } from '../rules/tag-set.js';
import { writtenVersionHeader } from '../rules/version-id.js';
import { checkWriteConditions, commitUnderConditions, writeConditions } from '../rules/write-conditions.js';

/**
 * PutObject: the body streams into blocks (or, when small, into the version row), is verified
 * before it ends, and becomes visible at commit; `If-None-Match: *` / `If-Match` commit under the
 * key's lease.
 */
export const putObject = defineAction({
  name: 'PutObject',
  route: { method: 'PUT', target: 'object' },
  permission: { to: 'bucket', need: 'write', iam: 's3:PutObject' },
  encryption: true,
  async run(req, ctx, { bucket }) {
    const key = req.target.key!;
    const meta = metadataFromHeaders(req.headers);
    checkDeclaredSize(req.headers);
    const encryption = await requestedEncryption(req.headers, ctx, bucket);
    const acl = await requestedObjectAcl(req, ctx, bucket);
    const tags = requestedTags(req);
    await authorizeRequestedTags(req, ctx, bucket, key, tags);
    const lock = await lockForNewVersion(req, ctx, bucket, key);
    requireLockDigest(req.headers, lock);
    const conditions = writeConditions(req.headers);
    // Fail fast before reading the body; the check is repeated under the lease before commit.
    if (conditions) checkWriteConditions(conditions, await ctx.objects.current(bucket.name, key), key);
    const { stream, digest } = verifiedBody(req.raw, req.headers, req.auth, { hashing: ctx.hashing });
    const inline = declaredSize(req) <= ctx.config.inlineMaxBytes;
    const stored = inline
      ? { inline: await readSmallBody(stream, ctx.config.inlineMaxBytes), blob: undefined }
      : { inline: null, blob: await ctx.objects.writeBody(stream, req.signal, encryption) };
    const body = await digest;
    const checksum = body.checksum
      ? { algorithm: body.checksum.algorithm, value: body.checksum.base64, type: 'FULL_OBJECT' }
      : null;
    const parts = stored.blob
      ? [
          {
            partNumber: 1,
            blobId: stored.blob.blobId,
            size: stored.blob.size,
            etag: body.md5Hex,
            checksum: checksum?.value ?? null,
          },
        ]
      : [];
    const commit = () =>
      ctx.objects.commit(
        newVersion({
          bucket: bucket.name,
          key,
          size: body.size,
          etag: body.md5Hex,
          ...meta,
          checksum,
          nullVersion: bucket.versioning !== 'Enabled',
          inline: stored.inline,
          encryption,
          ...lock,
        }),
        parts,
      );
    let version: Awaited<ReturnType<typeof commit>>;
    try {
      version = conditions
        ? await commitUnderConditions(ctx, bucket.name, key, conditions, commit)
        : await commit();
    } catch (err) {
      // A failed condition means nothing was committed: the body's blocks are released at once.
      if (err instanceof S3Error && stored.blob) await ctx.objects.discardBlob(stored.blob.blobId);
      throw err;
    }
    await acl.store(version);
    if (tags.length > 0) await writeObjectTags(ctx, bucket, version, tags);
    return {
      status: 200,
      headers: {
        ETag: `"${version.etag}"`,
        'x-amz-version-id': writtenVersionHeader(bucket, version),
        ...checksumResponseHeaders(version.checksum),
        ...encryptionResponseHeaders(version.encryption, ctx),
        ...(await expirationHeader(ctx, bucket, version, tags)),
      },
    };
  },
});
