import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { encoderOf } from '../rules/listing-params.js';
import { contentsXml, listingPage } from '../rules/object-listing.js';

export const listObjectsV2 = defineAction({
  name: 'ListObjectsV2',
  route: { method: 'GET', target: 'bucket', query: 'list-type' },
  permission: { to: 'bucket', need: 'read', iam: 's3:ListBucket' },
  async run(req, ctx, { bucket: b }) {
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
    const { bucket, owner, page: p, prefix, delimiter, maxKeys } = await listingPage(req, ctx, b, after);
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
  },
});
