export { abortMultipartUpload } from './abort-multipart-upload.js';
export { getBucketAcl, putBucketAcl } from './bucket-acl.js';
export {
  getBucketCors,
  getBucketEncryption,
  getBucketLifecycle,
  getBucketPolicy,
  getBucketTagging,
  getObjectLockConfiguration,
} from './bucket-config-stubs.js';
export { getBucketVersioning, putBucketVersioning } from './bucket-versioning.js';
export { completeMultipartUpload } from './complete-multipart-upload.js';
export { copyObject } from './copy-object.js';
export { createBucket } from './create-bucket.js';
export { createMultipartUpload } from './create-multipart-upload.js';
export { deleteBucket } from './delete-bucket.js';
export { deleteObject } from './delete-object.js';
export { deleteObjects } from './delete-objects.js';
export { getBucketLocation } from './get-bucket-location.js';
export { getObject, headObject } from './get-object.js';
export { headBucket } from './head-bucket.js';
export { listBuckets } from './list-buckets.js';
export { listFolder } from './list-folder.js';
export { listMultipartUploads } from './list-multipart-uploads.js';
export { listObjectVersions } from './list-object-versions.js';
export { listObjectsV1, listObjectsV2 } from './list-objects.js';
export { listParts } from './list-parts.js';
export { getObjectAcl, putObjectAcl } from './object-acl.js';
export { postObject } from './post-object.js';
export { putObject } from './put-object.js';
export { uploadPart } from './upload-part.js';
export { uploadPartCopy } from './upload-part-copy.js';
