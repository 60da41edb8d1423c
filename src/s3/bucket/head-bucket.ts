import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';

export const headBucket: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'read');
  return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
};
