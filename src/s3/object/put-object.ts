import { verifiedBody } from '../../body/payload-verifier.js';
import { S3Error } from '../../errors.js';
import type { Operation, S3Request } from '../action.js';
import { authorizeBucket } from '../rules/access.js';
import { checksumResponseHeaders } from '../rules/checksum-headers.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { writtenVersionHeader } from '../rules/version-id.js';
import { checkWriteConditions, commitUnderConditions, writeConditions } from '../rules/write-conditions.js';
import { objectAclForPut } from './object-acl.js';

/** S3's single-PUT limit; larger objects need multipart upload. */
export const MAX_PUT_SIZE = 5 * 1024 ** 3;

export const putObject: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'write');
  const key = req.target.key!;
  const meta = metadataFromHeaders(req.headers);
  checkDeclaredSize(req.headers);
  const acl = await objectAclForPut(req, services, bucket);
  const conditions = writeConditions(req.headers);
  // Fail fast before reading the body; the check is repeated under the lease before commit.
  if (conditions) checkWriteConditions(conditions, await services.objects.current(bucket.name, key), key);
  const { stream, digest } = verifiedBody(req.raw, req.headers, req.auth);
  const inline = declaredSize(req) <= services.config.inlineMaxBytes;
  const stored = inline
    ? { inline: await readSmallBody(stream, services.config.inlineMaxBytes), blob: undefined }
    : { inline: null, blob: await services.objects.writeBody(stream, req.signal) };
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
    services.objects.commit(
      {
        bucket: bucket.name,
        key,
        size: body.size,
        etag: body.md5Hex,
        ...meta,
        checksum,
        partsCount: null,
        isDeleteMarker: false,
        nullVersion: bucket.versioning !== 'Enabled',
        inline: stored.inline,
      },
      parts,
    );
  let version: Awaited<ReturnType<typeof commit>>;
  try {
    version = conditions
      ? await commitUnderConditions(services, bucket.name, key, conditions, commit)
      : await commit();
  } catch (err) {
    // A failed condition means nothing was committed: the body's blocks are released at once.
    if (err instanceof S3Error && stored.blob) await services.objects.discardBlob(stored.blob.blobId);
    throw err;
  }
  await acl.store(version.versionId);
  return {
    status: 200,
    headers: {
      ETag: `"${version.etag}"`,
      'x-amz-version-id': writtenVersionHeader(bucket, version),
      ...checksumResponseHeaders(version.checksum),
    },
  };
};

/** The object size the client announced, or Infinity when a streamed body does not say. */
function declaredSize(req: S3Request): number {
  const streaming =
    req.auth.payload.kind === 'streaming-signed' || req.auth.payload.kind === 'streaming-unsigned-trailer';
  const raw = streaming ? req.headers['x-amz-decoded-content-length'] : req.headers['content-length'];
  const n = Number(raw);
  return raw === undefined || !Number.isSafeInteger(n) ? Number.POSITIVE_INFINITY : n;
}

/** A body small enough to live in its version row (the verifier guarantees it is what was declared). */
async function readSmallBody(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of stream) {
    size += piece.length;
    if (size > max) throw new S3Error('IncompleteBody', 'The body is longer than declared.');
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}

export function checkDeclaredSize(headers: Record<string, string | string[] | undefined>): void {
  const declared = headers['x-amz-decoded-content-length'] ?? headers['content-length'];
  if (declared === undefined && headers['transfer-encoding'] === undefined) {
    throw new S3Error('MissingContentLength');
  }
  if (declared !== undefined && Number(declared) > MAX_PUT_SIZE) {
    throw new S3Error('EntityTooLarge', undefined, {
      ProposedSize: String(declared),
      MaxSizeAllowed: MAX_PUT_SIZE,
    });
  }
}
