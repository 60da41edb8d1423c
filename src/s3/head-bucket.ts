import { authorizeBucket } from './access.js';
import type { Operation } from './operation.js';

export const headBucket: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'read');
  return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
};
