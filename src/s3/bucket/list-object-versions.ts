import { s3VersionId } from '../../storage/types.js';
import { defineAction } from '../action.js';
import { encoderOf, maxKeysOf } from '../rules/listing-params.js';
import { listVersions } from '../rules/version-listing.js';

/**
 * GET /bucket?versions. Works on unversioned buckets too (every object is version "null"),
 * because tools list versions to clean a bucket up whatever its state.
 */
export const listObjectVersions = defineAction({
  name: 'ListObjectVersions',
  route: { method: 'GET', target: 'bucket', query: 'versions' },
  permission: { to: 'bucket', need: 'read', iam: 's3:ListBucketVersions' },
  async run(req, ctx, { bucket }) {
    const q = req.target.query;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const keyMarker = q.get('key-marker') ?? '';
    const versionIdMarker = keyMarker === '' ? '' : (q.get('version-id-marker') ?? '');
    const maxKeys = maxKeysOf(req);
    const enc = encoderOf(req);
    const page = await listVersions(
      {
        keys: (from, inclusive, limit) =>
          ctx.listings.versionedKeysPage({ bucket: bucket.name, prefix, from, inclusive, limit }),
        versions: (key) => ctx.listings.versions(bucket.name, key),
      },
      { prefix, delimiter, keyMarker, versionIdMarker, maxKeys },
    );
    const owner = await ctx.accounts.owner(bucket.owner);
    const ownerXml = { ID: owner.id, DisplayName: owner.displayName };
    const entries = page.versions.map(({ version: v, isLatest }) => ({
      isMarker: v.isDeleteMarker,
      xml: {
        Key: enc(v.key),
        VersionId: s3VersionId(v),
        IsLatest: isLatest,
        LastModified: v.lastModified.toISOString(),
        ...(v.isDeleteMarker ? {} : { ETag: `"${v.etag}"`, Size: v.size, StorageClass: 'STANDARD' }),
        Owner: ownerXml,
      },
    }));
    return {
      status: 200,
      xml: {
        root: 'ListVersionsResult',
        value: {
          Name: bucket.name,
          Prefix: enc(prefix),
          KeyMarker: enc(keyMarker),
          VersionIdMarker: versionIdMarker,
          ...(page.isTruncated && page.nextKeyMarker !== undefined
            ? { NextKeyMarker: enc(page.nextKeyMarker) }
            : {}),
          ...(page.isTruncated && page.nextVersionIdMarker !== undefined
            ? { NextVersionIdMarker: page.nextVersionIdMarker }
            : {}),
          MaxKeys: maxKeys,
          ...(delimiter ? { Delimiter: enc(delimiter) } : {}),
          IsTruncated: page.isTruncated,
          ...(q.has('encoding-type') ? { EncodingType: 'url' } : {}),
          Version: entries.filter((e) => !e.isMarker).map((e) => e.xml),
          DeleteMarker: entries.filter((e) => e.isMarker).map((e) => e.xml),
          CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
        },
      },
    };
  },
});
