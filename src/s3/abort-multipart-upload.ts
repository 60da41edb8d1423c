import { S3Error } from '../http/errors.js';
import { authorizeBucket } from './access.js';
import { uploadIdOf } from './multipart-request.js';
import type { Operation } from './operation.js';

/** DELETE /bucket/key?uploadId=U: the upload and its parts go; their blocks become collectable. */
export const abortMultipartUpload: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'write');
  const uploadId = uploadIdOf(req);
  if (!(await services.multipart.abort(bucket.name, req.target.key!, uploadId))) {
    throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
  }
  return { status: 204 };
};
