import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { CannedAcl } from '../../metadata/bucket-repository.js';
import type { Operation } from '../action.js';
import { authorizeBucket, bucketGrants } from '../rules/access.js';
import { aclPolicy } from '../rules/acl-policy.js';
import { requestedGrants } from '../rules/acl-request.js';
import { BUCKET_CANNED } from '../rules/canned-acl.js';

/** GetBucketAcl: the bucket owner, or anyone granted READ_ACP. */
export const getBucketAcl: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'read-acp');
  const owner = await services.accounts.owner(bucket.owner);
  const value = await aclPolicy(services, owner, await bucketGrants(services, bucket));
  return { status: 200, xml: { root: 'AccessControlPolicy', value } };
};

/**
 * PutBucketAcl: the bucket owner, or anyone granted WRITE_ACP. The grants replace the whole ACL;
 * a canned ACL is also recorded in `buckets.acl`, which stays what the table shows at a glance.
 */
export const putBucketAcl: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'write-acp');
  const owner = canonicalOwnerId(bucket.owner);
  const grants = await requestedGrants(req, services, owner, { target: 'bucket', acceptBody: true });
  if (grants === undefined) {
    throw new S3Error(
      'InvalidRequest',
      'PutBucketAcl needs x-amz-acl, x-amz-grant-* headers or an AccessControlPolicy body.',
    );
  }
  await services.acls.setBucketGrants(bucket.name, bucket.createdAt, grants);
  const canned = String(req.headers['x-amz-acl'] ?? '');
  if ((BUCKET_CANNED as readonly string[]).includes(canned)) {
    await services.buckets.setAcl(bucket.name, canned as CannedAcl);
  }
  return { status: 200 };
};
