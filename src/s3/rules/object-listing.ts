import type { Owner } from '../../accounts/account-directory.js';
import type { Bucket, ListedObject } from '../../storage/types.js';
import type { Context, S3Request } from '../action.js';
import { type ListingPage, listKeys } from './key-listing.js';
import { maxKeysOf } from './listing-params.js';

/** One ListObjects page of `bucket` after `after`, from the request's prefix, delimiter, max-keys. */
export async function listingPage(
  req: S3Request,
  ctx: Context,
  bucket: Bucket,
  after: string,
): Promise<{
  bucket: string;
  owner: Owner;
  page: ListingPage;
  prefix: string;
  delimiter: string;
  maxKeys: number;
}> {
  const prefix = req.target.query.get('prefix') ?? '';
  const delimiter = req.target.query.get('delimiter') ?? '';
  const maxKeys = maxKeysOf(req);
  const result = await listKeys(
    (from, inclusive, limit) =>
      ctx.listings.objectsPage({ bucket: bucket.name, prefix, from, inclusive, limit }),
    { prefix, delimiter, after, maxKeys },
  );
  const owner = await ctx.accounts.owner(bucket.owner);
  return { bucket: bucket.name, owner, page: result, prefix, delimiter, maxKeys };
}

/** The <Contents> of a listing (v1 always shows owners, v2 with fetch-owner). */
export function contentsXml(objects: ListedObject[], enc: (s: string) => string, owner: Owner | undefined) {
  return objects.map((o) => ({
    Key: enc(o.key),
    LastModified: o.lastModified.toISOString(),
    ETag: `"${o.etag}"`,
    Size: o.size,
    StorageClass: 'STANDARD',
    ...(owner ? { Owner: { ID: owner.id, DisplayName: owner.displayName } } : {}),
  }));
}
