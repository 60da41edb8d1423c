import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';

/**
 * DeleteBucket. A bucket that holds no object but unfinished multipart uploads is deleted, its
 * uploads aborted (and their blocks released) first, as S3 does. An upload or object that races in
 * after the abort makes the bucket not empty again: BucketNotEmpty, and nothing is deleted. Its
 * policy and lifecycle rules go with it.
 */
export const deleteBucket = defineAction({
  name: 'DeleteBucket',
  route: { method: 'DELETE', target: 'bucket' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:DeleteBucket' },
  async run(req, ctx, { bucket }) {
    const notEmpty = () => new S3Error('BucketNotEmpty', undefined, { BucketName: bucket.name });
    if (await ctx.buckets.hasObjects(bucket.name)) throw notEmpty();
    const aborted = await ctx.multipart.abortAll(bucket.name);
    if (aborted > 0) req.log.info({ bucket: bucket.name, aborted }, 'DeleteBucket aborted open uploads');
    if (!(await ctx.buckets.isEmpty(bucket.name))) throw notEmpty();
    await ctx.buckets.delete(bucket.name);
    // A re-created bucket would never read it (the row names this bucket's creation time); this
    // only keeps the table from growing.
    await ctx.policies.delete(bucket);
    await ctx.lifecycle.delete(bucket);
    return { status: 204 };
  },
});
