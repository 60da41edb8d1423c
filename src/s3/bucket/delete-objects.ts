import { S3Error, toS3Error } from '../../errors.js';
import type { DeleteOutcome } from '../../storage/object-store.js';
import type { Bucket } from '../../storage/types.js';
import { s3VersionId } from '../../storage/types.js';
import { defineAction } from '../action.js';
import { bypassesGovernance } from '../rules/object-lock-request.js';
import { readRequestXml } from '../rules/request-xml.js';
import { requestedVersionId } from '../rules/version-id.js';

/** S3's limit on keys per DeleteObjects request. */
const MAX_KEYS = 1000;
/**
 * The largest body 1,000 keys of 1,024 bytes can take: every byte escaped as `&quot;` (6 bytes),
 * plus the elements around it. Anything larger is refused before it is read in full.
 */
const MAX_BODY = MAX_KEYS * (6 * 1024 + 256);

interface DeleteEntry {
  Key?: unknown;
  VersionId?: unknown;
}

/**
 * DeleteObjects (POST ?delete). The body's Content-MD5 or x-amz-checksum-* is verified like any
 * upload (new SDKs send a CRC32 instead of Content-MD5). Each key is authorized on its own
 * (`s3:DeleteObject`, `s3:DeleteObjectVersion` with a version id): one denied key is an
 * AccessDenied entry among the results, as on S3; so is a version Object Lock protects (the
 * store's check, the one every delete path meets).
 */
export const deleteObjects = defineAction({
  name: 'DeleteObjects',
  route: { method: 'POST', target: 'bucket', query: 'delete' },
  permission: { to: 'each-key', need: 'write', iam: 's3:DeleteObject', versioned: 's3:DeleteObjectVersion' },
  async run(req, ctx, { bucket, mayAct }) {
    const doc = await readRequestXml(req, ['Object'], MAX_BODY);
    const request = doc.Delete as { Object?: DeleteEntry[]; Quiet?: unknown } | undefined;
    const entries = request?.Object ?? [];
    if (!request || entries.length === 0) throw new S3Error('MalformedXML');
    if (entries.length > MAX_KEYS)
      throw new S3Error('MalformedXML', `At most ${MAX_KEYS} keys can be deleted at once.`);
    const quiet = String(request.Quiet ?? 'false').toLowerCase() === 'true';
    const deleted: Record<string, string | boolean>[] = [];
    const errors: Record<string, string>[] = [];
    for (const entry of entries) {
      const key = typeof entry.Key === 'string' ? entry.Key : '';
      if (key === '') {
        errors.push({ Key: '', Code: 'InvalidArgument', Message: 'Key is required.' });
        continue;
      }
      try {
        const versionId =
          entry.VersionId === undefined
            ? undefined
            : requestedVersionId(new Map([['versionId', String(entry.VersionId)]]));
        if (!(await mayAct(key, versionId))) throw new S3Error('AccessDenied');
        const outcome =
          versionId === undefined
            ? await ctx.objects.deleteObject(bucket.name, key, bucket.versioning)
            : await ctx.objects.deleteVersion(bucket.name, key, versionId, {
                lockBucket: bucket.objectLock !== undefined,
                bypassGovernance: await bypassesGovernance(req, ctx, bucket, key),
              });
        if (!quiet) deleted.push(deletedEntry(key, versionId, outcome, bucket));
      } catch (err) {
        const e = toS3Error(err);
        if (e.code === 'InternalError') req.log.error({ err, key }, 'DeleteObjects entry failed');
        errors.push({ Key: key, Code: e.code, Message: e.message });
      }
    }
    return { status: 200, xml: { root: 'DeleteResult', value: { Deleted: deleted, Error: errors } } };
  },
});

/** A <Deleted> entry: the version removed by id, or the delete marker written. */
function deletedEntry(key: string, versionId: string | undefined, outcome: DeleteOutcome, bucket: Bucket) {
  const entry: Record<string, string | boolean> = { Key: key };
  if (versionId !== undefined) entry.VersionId = versionId;
  if (outcome.deleteMarker) {
    entry.DeleteMarker = true;
    if (outcome.version && versionId === undefined && bucket.versioning !== 'Unversioned') {
      entry.DeleteMarkerVersionId = s3VersionId(outcome.version);
    }
  }
  return entry;
}
