import type { Action } from './action.js';
import { createBucket } from './bucket/create-bucket.js';
import { deleteBucket } from './bucket/delete-bucket.js';
import { deleteBucketCors } from './bucket/delete-bucket-cors.js';
import { deleteBucketEncryption } from './bucket/delete-bucket-encryption.js';
import { deleteBucketLifecycle } from './bucket/delete-bucket-lifecycle.js';
import { deleteBucketOwnershipControls } from './bucket/delete-bucket-ownership-controls.js';
import { deleteBucketPolicy } from './bucket/delete-bucket-policy.js';
import { deleteBucketTagging } from './bucket/delete-bucket-tagging.js';
import { deleteObjects } from './bucket/delete-objects.js';
import { deletePublicAccessBlock } from './bucket/delete-public-access-block.js';
import { getBucketAcl } from './bucket/get-bucket-acl.js';
import { getBucketCors } from './bucket/get-bucket-cors.js';
import { getBucketEncryption } from './bucket/get-bucket-encryption.js';
import { getBucketLifecycleConfiguration } from './bucket/get-bucket-lifecycle-configuration.js';
import { getBucketLocation } from './bucket/get-bucket-location.js';
import { getBucketOwnershipControls } from './bucket/get-bucket-ownership-controls.js';
import { getBucketPolicy } from './bucket/get-bucket-policy.js';
import { getBucketPolicyStatus } from './bucket/get-bucket-policy-status.js';
import { getBucketTagging } from './bucket/get-bucket-tagging.js';
import { getBucketVersioning } from './bucket/get-bucket-versioning.js';
import { getObjectLockConfiguration } from './bucket/get-object-lock-configuration.js';
import { getPublicAccessBlock } from './bucket/get-public-access-block.js';
import { headBucket } from './bucket/head-bucket.js';
import { listObjectVersions } from './bucket/list-object-versions.js';
import { listObjects } from './bucket/list-objects.js';
import { listObjectsV2 } from './bucket/list-objects-v2.js';
import { postObject } from './bucket/post-object.js';
import { putBucketAcl } from './bucket/put-bucket-acl.js';
import { putBucketCors } from './bucket/put-bucket-cors.js';
import { putBucketEncryption } from './bucket/put-bucket-encryption.js';
import { putBucketLifecycleConfiguration } from './bucket/put-bucket-lifecycle-configuration.js';
import { putBucketOwnershipControls } from './bucket/put-bucket-ownership-controls.js';
import { putBucketPolicy } from './bucket/put-bucket-policy.js';
import { putBucketTagging } from './bucket/put-bucket-tagging.js';
import { putBucketVersioning } from './bucket/put-bucket-versioning.js';
import { putObjectLockConfiguration } from './bucket/put-object-lock-configuration.js';
import { putPublicAccessBlock } from './bucket/put-public-access-block.js';
import { getObjectLegalHold } from './lock/get-object-legal-hold.js';
import { getObjectRetention } from './lock/get-object-retention.js';
import { putObjectLegalHold } from './lock/put-object-legal-hold.js';
import { putObjectRetention } from './lock/put-object-retention.js';
import { abortMultipartUpload } from './multipart/abort-multipart-upload.js';
import { completeMultipartUpload } from './multipart/complete-multipart-upload.js';
import { createMultipartUpload } from './multipart/create-multipart-upload.js';
import { listMultipartUploads } from './multipart/list-multipart-uploads.js';
import { listParts } from './multipart/list-parts.js';
import { uploadPart } from './multipart/upload-part.js';
import { uploadPartCopy } from './multipart/upload-part-copy.js';
import { copyObject } from './object/copy-object.js';
import { deleteObject } from './object/delete-object.js';
import { deleteObjectTagging } from './object/delete-object-tagging.js';
import { getObject } from './object/get-object.js';
import { getObjectAcl } from './object/get-object-acl.js';
import { getObjectAttributes } from './object/get-object-attributes.js';
import { getObjectTagging } from './object/get-object-tagging.js';
import { headObject } from './object/head-object.js';
import { putObject } from './object/put-object.js';
import { putObjectAcl } from './object/put-object-acl.js';
import { putObjectTagging } from './object/put-object-tagging.js';
import { listBuckets } from './service/list-buckets.js';
import { listFolder } from './service/list-folder.js';

/** Every S3 action OK-S3 answers; http/routes.ts builds its route table from this list. */
export const ACTIONS: readonly Action[] = [
  listBuckets,
  listFolder,
  createBucket,
  deleteBucket,
  headBucket,
  getBucketLocation,
  getBucketAcl,
  putBucketAcl,
  getBucketVersioning,
  putBucketVersioning,
  getBucketPolicy,
  putBucketPolicy,
  deleteBucketPolicy,
  getBucketPolicyStatus,
  getPublicAccessBlock,
  putPublicAccessBlock,
  deletePublicAccessBlock,
  getBucketOwnershipControls,
  putBucketOwnershipControls,
  deleteBucketOwnershipControls,
  getBucketCors,
  putBucketCors,
  deleteBucketCors,
  getBucketLifecycleConfiguration,
  putBucketLifecycleConfiguration,
  deleteBucketLifecycle,
  getBucketTagging,
  putBucketTagging,
  deleteBucketTagging,
  getBucketEncryption,
  putBucketEncryption,
  deleteBucketEncryption,
  getObjectLockConfiguration,
  putObjectLockConfiguration,
  listObjects,
  listObjectsV2,
  listObjectVersions,
  deleteObjects,
  postObject,
  putObject,
  copyObject,
  getObject,
  headObject,
  deleteObject,
  getObjectAcl,
  getObjectAttributes,
  putObjectAcl,
  getObjectTagging,
  putObjectTagging,
  deleteObjectTagging,
  getObjectRetention,
  putObjectRetention,
  getObjectLegalHold,
  putObjectLegalHold,
  listMultipartUploads,
  createMultipartUpload,
  uploadPart,
  uploadPartCopy,
  listParts,
  completeMultipartUpload,
  abortMultipartUpload,
];
