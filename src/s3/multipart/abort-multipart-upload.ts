import { S3Error } from '../../errors.js';
import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';
import { uploadIdOf } from '../rules/multipart-request.js';

/** DELETE /bucket/key?uploadId=U: the upload and its parts go; their blocks become collectable. */
export const abortMultipartUpload: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'write');
  const uploadId = uploadIdOf(req);
  if (!(await services.multipart.abort(bucket.name, req.target.key!, uploadId))) {
    throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
  }
  return { status: 204 };
};
