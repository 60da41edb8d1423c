import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';

/**
 * DeleteBucket. A bucket that holds no object but unfinished multipart uploads is deleted, its
 * uploads aborted (and their blocks released) first, as S3 does. An upload or object that races in
 * after the abort makes the bucket not empty again: BucketNotEmpty, and nothing is deleted.
 */
export const deleteBucket = defineAction({
  name: 'DeleteBucket',
  route: { method: 'DELETE', target: 'bucket' },
  permission: { to: 'bucket', need: 'owner' },
  async run(req, ctx, { bucket }) {
    const notEmpty = () => new S3Error('BucketNotEmpty', undefined, { BucketName: bucket.name });
    if (await ctx.buckets.hasObjects(bucket.name)) throw notEmpty();
    const aborted = await ctx.multipart.abortAll(bucket.name);
    if (aborted > 0) req.log.info({ bucket: bucket.name, aborted }, 'DeleteBucket aborted open uploads');
    if (!(await ctx.buckets.isEmpty(bucket.name))) throw notEmpty();
    await ctx.buckets.delete(bucket.name);
    return { status: 204 };
  },
});
