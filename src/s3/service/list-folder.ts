import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';

const DEFAULT_LIMIT = 1000;

/**
 * The original project's folder listing, `GET /files/{bucket}/{prefix}`, as JSON: the direct
 * children of one folder, read from its folder-table partition (one partition read per page).
 * `{prefix}` names a folder ('a/d' or 'a/d/'); `?marker=` continues after a child name.
 */
export const listFolder = defineAction({
  name: 'ListFolder',
  // `files` is not a valid bucket name for buckets created here, so the path is free for this API.
  route: { method: 'GET', target: 'object', reservedBucket: 'files' },
  permission: { to: 'folder', iam: 's3:ListBucket' },
  async run(req, ctx, { bucket, folder }) {
    const limit = Math.min(
      Number(req.target.query.get('limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT,
      DEFAULT_LIMIT,
    );
    const marker = req.target.query.get('marker') ?? '';
    const page = await ctx.listings.folderChildren(bucket.name, folder, marker, limit + 1);
    const truncated = page.length > limit;
    const entries = truncated ? page.slice(0, limit) : page;
    if (entries.length === 0 && marker === '' && folder !== '') {
      throw new S3Error('NoSuchKey', 'The specified folder does not exist.', { Key: folder });
    }
    return {
      status: 200,
      json: {
        bucket: bucket.name,
        folder,
        folders: entries.filter((e) => e.isFolder).map((e) => ({ name: e.name, prefix: folder + e.name })),
        files: entries
          .filter((e) => !e.isFolder)
          .map((e) => ({
            name: e.name,
            key: folder + e.name,
            size: e.size,
            etag: e.etag,
            lastModified: e.lastModified?.toISOString() ?? null,
          })),
        isTruncated: truncated,
        ...(truncated ? { nextMarker: entries[entries.length - 1]?.name } : {}),
      },
    };
  },
});
