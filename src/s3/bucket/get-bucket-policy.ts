import { Readable } from 'node:stream';
import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';

/** GetBucketPolicy: the bucket owner only; the document exactly as it was put, as JSON. */
export const getBucketPolicy = defineAction({
  name: 'GetBucketPolicy',
  route: { method: 'GET', target: 'bucket', query: 'policy' },
  permission: { to: 'policy', iam: 's3:GetBucketPolicy' },
  async run(_req, ctx, { bucket }) {
    const stored = await ctx.policies.get(bucket);
    if (!stored) throw new S3Error('NoSuchBucketPolicy', undefined, { BucketName: bucket.name });
    const bytes = Buffer.from(stored.text, 'utf8');
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Content-Length': bytes.length },
      body: Readable.from([bytes]),
    };
  },
});
