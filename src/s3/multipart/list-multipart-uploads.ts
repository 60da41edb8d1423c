import { S3Error } from '../../errors.js';
import { prefixEnd } from '../../storage/types.js';
import { defineAction } from '../action.js';
import { boundedInt } from '../rules/multipart-request.js';
import { listUploads } from '../rules/upload-listing.js';

const MAX_UPLOADS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /bucket?uploads: open uploads, by key then initiation, with prefix/delimiter and markers. */
export const listMultipartUploads = defineAction({
  name: 'ListMultipartUploads',
  route: { method: 'GET', target: 'bucket', query: 'uploads' },
  permission: { to: 'bucket', need: 'read', iam: 's3:ListBucketMultipartUploads' },
  async run(req, ctx, { bucket }) {
    const q = req.target.query;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const keyMarker = q.get('key-marker') ?? '';
    const uploadIdMarker = keyMarker === '' ? '' : (q.get('upload-id-marker') ?? '');
    if (uploadIdMarker !== '' && !UUID.test(uploadIdMarker)) {
      throw new S3Error('InvalidArgument', 'Invalid uploadId marker', { ArgumentName: 'upload-id-marker' });
    }
    const maxUploads = boundedInt(req, 'max-uploads', MAX_UPLOADS, MAX_UPLOADS);
    const end = prefixEnd(prefix);
    const page = await listUploads((from, limit) => ctx.multipart.list(bucket.name, from, end, limit), {
      prefix,
      delimiter,
      keyMarker,
      uploadIdMarker,
      maxUploads,
    });
    const enc = q.get('encoding-type') === 'url' ? (s: string) => encodeURIComponent(s) : (s: string) => s;
    // The account that created each upload (an anonymous upload to a public-write bucket has none).
    const owners = new Map<string, { ID: string; DisplayName: string }>();
    for (const u of page.uploads) {
      if (u.owner === '' || owners.has(u.owner)) continue;
      const owner = await ctx.accounts.owner(u.owner);
      owners.set(u.owner, { ID: owner.id, DisplayName: owner.displayName });
    }
    return {
      status: 200,
      xml: {
        root: 'ListMultipartUploadsResult',
        value: {
          Bucket: bucket.name,
          KeyMarker: enc(keyMarker),
          UploadIdMarker: uploadIdMarker,
          ...(page.isTruncated && page.next
            ? { NextKeyMarker: enc(page.next.key), NextUploadIdMarker: page.next.uploadId ?? '' }
            : {}),
          ...(delimiter ? { Delimiter: enc(delimiter) } : {}),
          Prefix: enc(prefix),
          MaxUploads: maxUploads,
          IsTruncated: page.isTruncated,
          ...(q.has('encoding-type') ? { EncodingType: 'url' } : {}),
          Upload: page.uploads.map((u) => ({
            Key: enc(u.key),
            UploadId: u.uploadId,
            ...(owners.has(u.owner) ? { Initiator: owners.get(u.owner), Owner: owners.get(u.owner) } : {}),
            StorageClass: 'STANDARD',
            Initiated: u.initiated.toISOString(),
            ...(u.checksumAlgorithm
              ? { ChecksumAlgorithm: u.checksumAlgorithm, ChecksumType: 'COMPOSITE' }
              : {}),
          })),
          CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
        },
      },
    };
  },
});
