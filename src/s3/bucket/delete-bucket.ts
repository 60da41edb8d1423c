import { S3Error } from '../../errors.js';
import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';

/**
 * DeleteBucket. A bucket that holds no object but unfinished multipart uploads is deleted, its
 * uploads aborted (and their blocks released) first, as S3 does. An upload or object that races in
 * after the abort makes the bucket not empty again: BucketNotEmpty, and nothing is deleted.
 */
export const deleteBucket: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'owner');
  const notEmpty = () => new S3Error('BucketNotEmpty', undefined, { BucketName: bucket.name });
  if (await services.buckets.hasObjects(bucket.name)) throw notEmpty();
  const aborted = await services.multipart.abortAll(bucket.name);
  if (aborted > 0) req.log.info({ bucket: bucket.name, aborted }, 'DeleteBucket aborted open uploads');
  if (!(await services.buckets.isEmpty(bucket.name))) throw notEmpty();
  await services.buckets.delete(bucket.name);
  return { status: 204 };
};
