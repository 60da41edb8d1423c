import { S3Error } from '../../errors.js';
import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';
import { readRequestXml } from '../rules/request-xml.js';

/** GetBucketVersioning: no Status until versioning was first enabled, as on AWS. */
export const getBucketVersioning: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'owner');
  const status = bucket.versioning === 'Unversioned' ? {} : { Status: bucket.versioning };
  return { status: 200, xml: { root: 'VersioningConfiguration', value: status } };
};

/**
 * PutBucketVersioning: Unversioned -> Enabled <-> Suspended. A bucket never goes back to
 * Unversioned (S3 has no such state to set); MFA Delete is not supported.
 */
export const putBucketVersioning: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'owner');
  const doc = await readRequestXml(req, [], 64 * 1024);
  const config = doc.VersioningConfiguration as Record<string, unknown> | undefined;
  if (!config || typeof config !== 'object') throw new S3Error('MalformedXML');
  if (config.MfaDelete === 'Enabled') throw new S3Error('NotImplemented', 'MFA Delete is not supported.');
  const status = config.Status;
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new S3Error('MalformedXML', 'Status must be Enabled or Suspended.');
  }
  await services.buckets.setVersioning(bucket.name, status);
  return { status: 200 };
};
