import { cannedGrants, type Grant, grantsAllow } from '../../accounts/grants.js';
import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { Bucket } from '../../metadata/bucket-repository.js';
import type { ObjectVersion } from '../../metadata/object-types.js';
import type { Operation, S3Request, Services } from '../action.js';
import { isBucketOwner, loadBucket } from '../rules/access.js';
import { aclPolicy } from '../rules/acl-policy.js';
import { requestedGrants } from '../rules/acl-request.js';

/**
 * Object ACLs (`GET/PUT /{bucket}/{key}?acl`). The bucket owner owns every object in the bucket
 * (S3's "bucket owner preferred" ownership); an object without an explicit ACL is private.
 * The ACL belongs to the current version: overwriting the key resets it, as on S3.
 */
export const getObjectAcl: Operation = async (req, services) => {
  const { bucket, grants } = await authorizeObjectAcp(req, services, 'READ_ACP');
  const owner = await services.accounts.owner(bucket.owner);
  return {
    status: 200,
    xml: { root: 'AccessControlPolicy', value: await aclPolicy(services, owner, grants) },
  };
};

export const putObjectAcl: Operation = async (req, services) => {
  const { bucket, version } = await authorizeObjectAcp(req, services, 'WRITE_ACP');
  const owner = canonicalOwnerId(bucket.owner);
  const grants = await requestedGrants(req, services, owner, { target: 'object', acceptBody: true });
  if (grants === undefined) {
    throw new S3Error(
      'InvalidRequest',
      'PutObjectAcl needs x-amz-acl, x-amz-grant-* headers or an AccessControlPolicy body.',
    );
  }
  await services.acls.setObjectGrants(bucket.name, version.key, version.versionId, grants);
  return { status: 200 };
};

/**
 * The ACL a PutObject asks for (x-amz-acl or x-amz-grant-*), checked before the body is read;
 * `store` records it for the committed version.
 */
export async function objectAclForPut(req: S3Request, services: Services, bucket: Bucket) {
  const grants = await requestedGrants(req, services, canonicalOwnerId(bucket.owner), {
    target: 'object',
    acceptBody: false,
  });
  return {
    store: async (versionId: string): Promise<void> => {
      if (grants) await services.acls.setObjectGrants(bucket.name, req.target.key!, versionId, grants);
    },
  };
}

async function authorizeObjectAcp(
  req: S3Request,
  services: Services,
  permission: 'READ_ACP' | 'WRITE_ACP',
): Promise<{ bucket: Bucket; version: ObjectVersion; grants: Grant[] }> {
  const versionId = req.target.query.get('versionId');
  if (versionId !== undefined && versionId !== 'null') {
    throw new S3Error(
      'NotImplemented',
      'ACLs of a specific version need bucket versioning, which is not built yet.',
    );
  }
  const bucket = await loadBucket(req, services);
  const owner = isBucketOwner(bucket, req.auth.principal);
  const key = req.target.key!;
  const version = await services.objectIndex.current(bucket.name, key);
  if (!version || version.isDeleteMarker) {
    // Only the owner learns that a key does not exist.
    throw owner ? new S3Error('NoSuchKey', undefined, { Key: key }) : new S3Error('AccessDenied');
  }
  const explicit = await services.acls.objectGrants(bucket.name, key, version.versionId);
  const grants = explicit ?? cannedGrants('private', canonicalOwnerId(bucket.owner));
  if (!owner && !grantsAllow(grants, req.auth.principal, permission)) throw new S3Error('AccessDenied');
  return { bucket, version, grants };
}
