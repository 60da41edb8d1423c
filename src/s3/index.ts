export { getBucketAcl, putBucketAcl } from './bucket-acl.js';
export {
  getBucketCors,
  getBucketEncryption,
  getBucketLifecycle,
  getBucketPolicy,
  getBucketTagging,
  getBucketVersioning,
  getObjectLockConfiguration,
} from './bucket-config-stubs.js';
export { createBucket } from './create-bucket.js';
export { deleteBucket } from './delete-bucket.js';
export { getBucketLocation } from './get-bucket-location.js';
export { headBucket } from './head-bucket.js';
export { listBuckets } from './list-buckets.js';
