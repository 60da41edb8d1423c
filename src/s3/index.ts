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
export { copyObject } from './copy-object.js';
export { createBucket } from './create-bucket.js';
export { deleteBucket } from './delete-bucket.js';
export { deleteObject } from './delete-object.js';
export { deleteObjects } from './delete-objects.js';
export { getBucketLocation } from './get-bucket-location.js';
export { getObject, headObject } from './get-object.js';
export { headBucket } from './head-bucket.js';
export { listBuckets } from './list-buckets.js';
export { listFolder } from './list-folder.js';
export { listObjectsV1, listObjectsV2 } from './list-objects.js';
export { putObject } from './put-object.js';
