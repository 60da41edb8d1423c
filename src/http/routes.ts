import { S3Error } from '../errors.js';
import type { Operation } from '../s3/action.js';
import * as ops from '../s3/index.js';
import type { RequestTarget } from './request-target.js';

export type TargetKind = 'service' | 'bucket' | 'object';

export interface Route {
  name: string;
  method: string;
  target: TargetKind;
  /** A query parameter that must be present (an S3 subresource such as `acl` or `uploads`). */
  query?: string;
  /** A header that must be present (e.g. `x-amz-copy-source` for CopyObject). */
  header?: string;
  /** What the header's value must look like, when its presence is not enough (PostObject). */
  headerValue?: RegExp;
  op: Operation;
}

/** The routing table: one line per S3 action. More specific lines (query, header) win. */
export const ROUTES: readonly Route[] = [
  { name: 'ListBuckets', method: 'GET', target: 'service', op: ops.listBuckets },

  { name: 'CreateBucket', method: 'PUT', target: 'bucket', op: ops.createBucket },
  { name: 'PutBucketAcl', method: 'PUT', target: 'bucket', query: 'acl', op: ops.putBucketAcl },
  { name: 'HeadBucket', method: 'HEAD', target: 'bucket', op: ops.headBucket },
  { name: 'DeleteBucket', method: 'DELETE', target: 'bucket', op: ops.deleteBucket },
  { name: 'ListObjects', method: 'GET', target: 'bucket', op: ops.listObjectsV1 },
  { name: 'ListObjectsV2', method: 'GET', target: 'bucket', query: 'list-type', op: ops.listObjectsV2 },
  {
    name: 'GetBucketLocation',
    method: 'GET',
    target: 'bucket',
    query: 'location',
    op: ops.getBucketLocation,
  },
  { name: 'GetBucketAcl', method: 'GET', target: 'bucket', query: 'acl', op: ops.getBucketAcl },
  {
    name: 'PutBucketVersioning',
    method: 'PUT',
    target: 'bucket',
    query: 'versioning',
    op: ops.putBucketVersioning,
  },
  {
    name: 'ListObjectVersions',
    method: 'GET',
    target: 'bucket',
    query: 'versions',
    op: ops.listObjectVersions,
  },
  {
    name: 'GetBucketVersioning',
    method: 'GET',
    target: 'bucket',
    query: 'versioning',
    op: ops.getBucketVersioning,
  },
  { name: 'GetBucketPolicy', method: 'GET', target: 'bucket', query: 'policy', op: ops.getBucketPolicy },
  { name: 'GetBucketCors', method: 'GET', target: 'bucket', query: 'cors', op: ops.getBucketCors },
  {
    name: 'GetBucketLifecycle',
    method: 'GET',
    target: 'bucket',
    query: 'lifecycle',
    op: ops.getBucketLifecycle,
  },
  { name: 'GetBucketTagging', method: 'GET', target: 'bucket', query: 'tagging', op: ops.getBucketTagging },
  {
    name: 'GetBucketEncryption',
    method: 'GET',
    target: 'bucket',
    query: 'encryption',
    op: ops.getBucketEncryption,
  },
  {
    name: 'GetObjectLockConfiguration',
    method: 'GET',
    target: 'bucket',
    query: 'object-lock',
    op: ops.getObjectLockConfiguration,
  },

  { name: 'DeleteObjects', method: 'POST', target: 'bucket', query: 'delete', op: ops.deleteObjects },
  {
    name: 'PostObject',
    method: 'POST',
    target: 'bucket',
    header: 'content-type',
    headerValue: /^\s*multipart\/form-data\s*(;|$)/i,
    op: ops.postObject,
  },

  { name: 'PutObject', method: 'PUT', target: 'object', op: ops.putObject },
  { name: 'CopyObject', method: 'PUT', target: 'object', header: 'x-amz-copy-source', op: ops.copyObject },
  { name: 'GetObject', method: 'GET', target: 'object', op: ops.getObject },
  { name: 'HeadObject', method: 'HEAD', target: 'object', op: ops.headObject },
  { name: 'DeleteObject', method: 'DELETE', target: 'object', op: ops.deleteObject },
  { name: 'GetObjectAcl', method: 'GET', target: 'object', query: 'acl', op: ops.getObjectAcl },
  { name: 'PutObjectAcl', method: 'PUT', target: 'object', query: 'acl', op: ops.putObjectAcl },

  {
    name: 'ListMultipartUploads',
    method: 'GET',
    target: 'bucket',
    query: 'uploads',
    op: ops.listMultipartUploads,
  },
  {
    name: 'CreateMultipartUpload',
    method: 'POST',
    target: 'object',
    query: 'uploads',
    op: ops.createMultipartUpload,
  },
  { name: 'UploadPart', method: 'PUT', target: 'object', query: 'uploadId', op: ops.uploadPart },
  {
    name: 'UploadPartCopy',
    method: 'PUT',
    target: 'object',
    query: 'uploadId',
    header: 'x-amz-copy-source',
    op: ops.uploadPartCopy,
  },
  { name: 'ListParts', method: 'GET', target: 'object', query: 'uploadId', op: ops.listParts },
  {
    name: 'CompleteMultipartUpload',
    method: 'POST',
    target: 'object',
    query: 'uploadId',
    op: ops.completeMultipartUpload,
  },
  {
    name: 'AbortMultipartUpload',
    method: 'DELETE',
    target: 'object',
    query: 'uploadId',
    op: ops.abortMultipartUpload,
  },
];

/** Query parameters that select an S3 subresource; one no route handles means "not implemented". */
const SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
];

export function targetKind(target: RequestTarget): TargetKind {
  if (target.bucket === undefined) return 'service';
  return target.key === undefined ? 'bucket' : 'object';
}

/** `GET /files/{bucket}/{folder}`: the original project's JSON folder listing (`files` is a reserved bucket name). */
const LIST_FOLDER: Route = { name: 'ListFolder', method: 'GET', target: 'object', op: ops.listFolder };

export function resolveRoute(method: string, target: RequestTarget, headers: Record<string, unknown>): Route {
  if (target.bucket === 'files' && target.style === 'path' && method === 'GET') return LIST_FOLDER;
  const kind = targetKind(target);
  const candidates = ROUTES.filter((r) => r.method === method && r.target === kind);
  if (candidates.length === 0) throw new S3Error('MethodNotAllowed');
  const matching = candidates.filter(
    (r) => (r.query === undefined || target.query.has(r.query)) && headerMatches(r, headers),
  );
  const best = matching.sort((a, b) => specificity(b) - specificity(a))[0];
  const unhandled = SUBRESOURCES.find((s) => target.query.has(s) && best?.query !== s);
  if (!best || unhandled !== undefined) {
    throw new S3Error('NotImplemented', `${method} ?${unhandled ?? ''} is not implemented by OK-S3.`);
  }
  return best;
}

function headerMatches(r: Route, headers: Record<string, unknown>): boolean {
  if (r.header === undefined) return true;
  const value = headers[r.header];
  return value !== undefined && (r.headerValue === undefined || r.headerValue.test(String(value)));
}

function specificity(r: Route): number {
  return (r.query ? 2 : 0) + (r.header ? 1 : 0);
}
