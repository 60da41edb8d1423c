import { S3Error } from '../http/errors.js';
import { authorizeBucket } from './access.js';
import { aclPolicy, cannedAclFromHeaders } from './canned-acl.js';
import type { Operation } from './operation.js';

export const getBucketAcl: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'owner');
  return { status: 200, xml: { root: 'AccessControlPolicy', value: aclPolicy(bucket.acl, bucket.owner) } };
};

/** Canned ACLs only (x-amz-acl); an ACL document body is not supported yet. */
export const putBucketAcl: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'owner');
  const acl = cannedAclFromHeaders(req.headers);
  if (acl === undefined) {
    throw new S3Error('NotImplemented', 'Only canned ACLs (x-amz-acl header) are supported.');
  }
  await services.buckets.setAcl(bucket.name, acl);
  return { status: 200 };
};
