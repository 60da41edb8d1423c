import { S3Error } from '../../errors.js';
import type { Bucket } from '../../storage/types.js';
import { type ObjectVersion, s3VersionId } from '../../storage/types.js';

/**
 * `x-amz-version-id` on the answer to a write (PUT, POST, copy, Complete): the new version's id, or
 * nothing for a null version (versioning never enabled, or suspended), as S3 answers.
 */
export function writtenVersionHeader(bucket: Bucket, v: Pick<ObjectVersion, 'versionId' | 'nullVersion'>) {
  return bucket.versioning !== 'Enabled' || v.nullVersion ? undefined : v.versionId;
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
