import { S3Error, withHeaders } from '../../errors.js';
import type { Bucket, ObjectVersion } from '../../storage/types.js';
import type { Context, IamNames, S3Request } from '../action.js';
import { authorizeObjectRead, loadBucket, missingObjectError } from './access.js';
import { iamFor } from './iam-names.js';
import { policyVerdict } from './policy-verdict.js';
import { requestedVersionId, versionHeader } from './version-id.js';

/** The object a read names: the target of a GET/HEAD, or the source of a copy. */
export interface NamedObject {
  bucket: string;
  key: string;
  /** The raw `versionId`, validated here. */
  versionId: string | undefined;
  /** A GET/HEAD answers delete markers with their headers; a copy source just does not exist. */
  purpose: 'read' | 'copy';
  /** What the bucket policy is asked: `s3:GetObject`, or `s3:GetObjectVersion` with a versionId. */
  names: Required<IamNames>;
}

/** What reading a copy source asks of the source bucket's policy. */
export const COPY_SOURCE_READ: Required<IamNames> = { iam: 's3:GetObject', versioned: 's3:GetObjectVersion' };

/**
 * Loads the version a read names and checks that the caller may read it: the bucket policy first
 * (a Deny refuses before anything is looked up, an Allow admits), else the version's own ACL,
 * never the bucket's. A missing key is NoSuchKey only for callers who may list the bucket.
 */
export async function loadReadableVersion(
  req: S3Request,
  ctx: Context,
  named: NamedObject,
): Promise<{ bucket: Bucket; version: ObjectVersion }> {
  const ownerHeader =
    named.purpose === 'copy' ? 'x-amz-source-expected-bucket-owner' : 'x-amz-expected-bucket-owner';
  const bucket = await loadBucket(req, ctx, named.bucket, ownerHeader);
  const { key } = named;
  const versionId =
    named.versionId === undefined ? undefined : requestedVersionId(new Map([['versionId', named.versionId]]));
  // s3:VersionId is the named version's, which for a copy source travels in x-amz-copy-source.
  const extra: Record<string, string> = versionId === undefined ? {} : { 's3:VersionId': versionId };
  const verdict = await policyVerdict(req, ctx, bucket, {
    action: iamFor(named.names, versionId),
    key,
    extra,
  });
  if (verdict === 'Deny') throw new S3Error('AccessDenied');
  const version =
    versionId === undefined
      ? await ctx.objects.current(bucket.name, key)
      : await ctx.objects.version(bucket.name, key, versionId);
  if (!version) {
    const missing =
      versionId === undefined
        ? new S3Error('NoSuchKey', undefined, { Key: key })
        : new S3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
    throw await missingObjectError(req, ctx, bucket, missing);
  }
  if (version.isDeleteMarker) throw await deleteMarkerError(req, ctx, bucket, version, named);
  if (verdict !== 'Allow') await authorizeObjectRead(req, ctx, bucket, version);
  return { bucket, version };
}

/**
 * A delete marker as the newest version is 404 NoSuchKey, asked for by id 405 MethodNotAllowed,
 * both with x-amz-delete-marker; as a copy source it is just a missing key.
 */
async function deleteMarkerError(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  marker: ObjectVersion,
  named: NamedObject,
): Promise<S3Error> {
  const missing = new S3Error('NoSuchKey', undefined, { Key: named.key });
  const visible = await missingObjectError(req, ctx, bucket, missing);
  if (visible !== missing || named.purpose === 'copy') return visible;
  const headers = { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionHeader(bucket, marker) };
  if (named.versionId !== undefined)
    return withHeaders(new S3Error('MethodNotAllowed'), { ...headers, Allow: 'DELETE' });
  return withHeaders(missing, headers);
}
