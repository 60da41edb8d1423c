import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { uploadIdOf } from '../rules/multipart-request.js';

/** DELETE /bucket/key?uploadId=U: the upload and its parts go; their blocks become collectable. */
export const abortMultipartUpload = defineAction({
  name: 'AbortMultipartUpload',
  route: { method: 'DELETE', target: 'object', query: 'uploadId' },
  permission: { to: 'bucket', need: 'write', iam: 's3:AbortMultipartUpload' },
  async run(req, ctx, { bucket }) {
    const uploadId = uploadIdOf(req);
    if (!(await ctx.multipart.abort(bucket.name, req.target.key!, uploadId))) {
      throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
    }
    return { status: 204 };
  },
});
