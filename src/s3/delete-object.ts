import { S3Error } from '../http/errors.js';
import { authorizeBucket } from './access.js';
import type { Operation } from './operation.js';

/** Unversioned DELETE: 204 whether or not the key existed, as S3 answers. */
export const deleteObject: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'write');
  if (req.target.query.has('versionId') && req.target.query.get('versionId') !== 'null') {
    throw new S3Error(
      'NotImplemented',
      'Deleting a specific version needs bucket versioning, which is not built yet.',
    );
  }
  await services.objects.deleteKey(bucket.name, req.target.key!);
  return { status: 204 };
};
