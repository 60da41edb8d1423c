import { S3Error } from '../http/errors.js';
import type { Bucket } from '../metadata/bucket-repository.js';
import { type ObjectVersion, s3VersionId } from '../metadata/object-types.js';

/**
 * `x-amz-version-id` for a version written or read in `bucket`: absent while the bucket has never
 * been versioned, "null" for versions written while versioning was off or suspended.
 */
export function versionIdHeader(
  bucket: Bucket,
  versionId: string,
  nullVersion = bucket.versioning !== 'Enabled',
): string | undefined {
  if (bucket.versioning === 'Unversioned') return undefined;
  return nullVersion ? 'null' : versionId;
}

export function versionHeader(bucket: Bucket, v: ObjectVersion): string | undefined {
  return bucket.versioning === 'Unversioned' ? undefined : s3VersionId(v);
}

const TIMEUUID = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `versionId` query parameter: "null" or one of our version ids; anything else is invalid. */
export function requestedVersionId(query: ReadonlyMap<string, string>): string | undefined {
  const id = query.get('versionId');
  if (id === undefined) return undefined;
  if (id !== 'null' && !TIMEUUID.test(id))
    throw new S3Error('InvalidArgument', 'Invalid version id specified', {
      ArgumentName: 'versionId',
      ArgumentValue: id,
    });
  return id;
}
