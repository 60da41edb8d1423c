export { getBucketAcl, putBucketAcl } from './bucket/bucket-acl.js';
export { getBucketVersioning, putBucketVersioning } from './bucket/bucket-versioning.js';
export { createBucket } from './bucket/create-bucket.js';
export { deleteBucket } from './bucket/delete-bucket.js';
export { deleteObjects } from './bucket/delete-objects.js';
export { getBucketLocation } from './bucket/get-bucket-location.js';
export { headBucket } from './bucket/head-bucket.js';
export { listObjectVersions } from './bucket/list-object-versions.js';
export { listObjectsV1, listObjectsV2 } from './bucket/list-objects.js';
export { postObject } from './bucket/post-object.js';
export {
  getBucketCors,
  getBucketEncryption,
  getBucketLifecycle,
  getBucketPolicy,
  getBucketTagging,
  getObjectLockConfiguration,
} from './bucket/unconfigured.js';
export { abortMultipartUpload } from './multipart/abort-multipart-upload.js';
export { completeMultipartUpload } from './multipart/complete-multipart-upload.js';
export { createMultipartUpload } from './multipart/create-multipart-upload.js';
export { listMultipartUploads } from './multipart/list-multipart-uploads.js';
export { listParts } from './multipart/list-parts.js';
export { uploadPart } from './multipart/upload-part.js';
export { uploadPartCopy } from './multipart/upload-part-copy.js';
export { copyObject } from './object/copy-object.js';
export { deleteObject } from './object/delete-object.js';
export { getObject, headObject } from './object/get-object.js';
export { getObjectAcl, putObjectAcl } from './object/object-acl.js';
export { putObject } from './object/put-object.js';
export { listBuckets } from './service/list-buckets.js';
export { listFolder } from './service/list-folder.js';
