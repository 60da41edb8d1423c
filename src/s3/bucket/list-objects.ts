import type { Owner } from '../../accounts/account-directory.js';
import { S3Error } from '../../errors.js';
import type { ListedObject } from '../../metadata/object-types.js';
import type { Operation, S3Request, Services } from '../action.js';
import { authorizeBucket } from '../rules/access.js';
import { type ListingPage, listKeys } from '../rules/key-listing.js';
import { encoderOf, maxKeysOf } from '../rules/listing-params.js';

async function page(
  req: S3Request,
  services: Services,
  after: string,
): Promise<{
  bucket: string;
  owner: Owner;
  page: ListingPage;
  prefix: string;
  delimiter: string;
  maxKeys: number;
}> {
  const bucket = await authorizeBucket(req, services, 'read');
  const prefix = req.target.query.get('prefix') ?? '';
  const delimiter = req.target.query.get('delimiter') ?? '';
  const maxKeys = maxKeysOf(req);
  const result = await listKeys(
    (from, inclusive, limit) => services.objectIndex.listKeys(bucket.name, prefix, from, inclusive, limit),
    { prefix, delimiter, after, maxKeys },
  );
  const owner = await services.accounts.owner(bucket.owner);
  return { bucket: bucket.name, owner, page: result, prefix, delimiter, maxKeys };
}

function contentsXml(objects: ListedObject[], enc: (s: string) => string, owner: Owner | undefined) {
  return objects.map((o) => ({
    Key: enc(o.key),
    LastModified: o.lastModified.toISOString(),
    ETag: `"${o.etag}"`,
    Size: o.size,
    StorageClass: 'STANDARD',
    ...(owner ? { Owner: { ID: owner.id, DisplayName: owner.displayName } } : {}),
  }));
}

export const listObjectsV2: Operation = async (req, services) => {
  const token = req.target.query.get('continuation-token');
  const startAfter = req.target.query.get('start-after') ?? '';
  let after = startAfter;
  if (token !== undefined) {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (after === '' && token !== '')
      throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
        ArgumentName: 'continuation-token',
      });
  }
  const { bucket, owner, page: p, prefix, delimiter, maxKeys } = await page(req, services, after);
  const enc = encoderOf(req);
  return {
    status: 200,
    xml: {
      root: 'ListBucketResult',
      value: {
        Name: bucket,
        Prefix: enc(prefix),
        ...(delimiter ? { Delimiter: enc(delimiter) } : {}),
        MaxKeys: maxKeys,
        KeyCount: p.contents.length + p.commonPrefixes.length,
        IsTruncated: p.isTruncated,
        ...(token !== undefined ? { ContinuationToken: token } : {}),
        ...(startAfter ? { StartAfter: enc(startAfter) } : {}),
        ...(p.isTruncated && p.lastItem
          ? { NextContinuationToken: Buffer.from(p.lastItem).toString('base64url') }
          : {}),
        ...(req.target.query.has('encoding-type') ? { EncodingType: 'url' } : {}),
        Contents: contentsXml(
          p.contents,
          enc,
          req.target.query.get('fetch-owner') === 'true' ? owner : undefined,
        ),
        CommonPrefixes: p.commonPrefixes.map((cp) => ({ Prefix: enc(cp) })),
      },
    },
  };
};

export const listObjectsV1: Operation = async (req, services) => {
  const marker = req.target.query.get('marker') ?? '';
  const { bucket, owner, page: p, prefix, delimiter, maxKeys } = await page(req, services, marker);
  const enc = encoderOf(req);
  return {
    status: 200,
    xml: {
      root: 'ListBucketResult',
      value: {
        Name: bucket,
        Prefix: enc(prefix),
        Marker: enc(marker),
        ...(delimiter ? { Delimiter: enc(delimiter) } : {}),
        MaxKeys: maxKeys,
        IsTruncated: p.isTruncated,
        // S3 returns NextMarker only with a delimiter; clients use the last key otherwise.
        ...(p.isTruncated && delimiter && p.lastItem ? { NextMarker: enc(p.lastItem) } : {}),
        ...(req.target.query.has('encoding-type') ? { EncodingType: 'url' } : {}),
        Contents: contentsXml(p.contents, enc, owner),
        CommonPrefixes: p.commonPrefixes.map((cp) => ({ Prefix: enc(cp) })),
      },
    },
  };
};
