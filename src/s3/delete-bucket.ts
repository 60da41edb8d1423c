import { S3Error } from '../http/errors.js';
import { authorizeBucket } from './access.js';
import type { Operation } from './operation.js';

export const deleteBucket: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'owner');
  if (!(await services.buckets.isEmpty(bucket.name))) {
    throw new S3Error('BucketNotEmpty', undefined, { BucketName: bucket.name });
  }
  await services.buckets.delete(bucket.name);
  return { status: 204 };
};
