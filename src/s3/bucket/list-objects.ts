import { defineAction } from '../action.js';
import { encoderOf } from '../rules/listing-params.js';
import { contentsXml, listingPage } from '../rules/object-listing.js';

export const listObjects = defineAction({
  name: 'ListObjects',
  route: { method: 'GET', target: 'bucket' },
  permission: { to: 'bucket', need: 'read', iam: 's3:ListBucket' },
  async run(req, ctx, { bucket: b }) {
    const marker = req.target.query.get('marker') ?? '';
    const { bucket, owner, page: p, prefix, delimiter, maxKeys } = await listingPage(req, ctx, b, marker);
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
  },
});
