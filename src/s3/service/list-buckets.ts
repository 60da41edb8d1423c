import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { S3Request } from '../action.js';
import { defineAction } from '../action.js';
import { ROOT_OWNER } from '../rules/access.js';

/**
 * S3's largest page, and its default: "If you specify the bucket-region, prefix, or
 * continuation-token query parameters without using max-buckets ... Amazon S3 applies a default
 * page size of 10,000" (ListBuckets API reference).
 */
const MAX_BUCKETS = 10_000;

/** An account sees the buckets it owns; root sees every bucket (it administers them all). */
export const listBuckets = defineAction({
  name: 'ListBuckets',
  route: { method: 'GET', target: 'service' },
  permission: { to: 'sign', iam: 's3:ListAllMyBuckets' },
  async run(req, { buckets, accounts }, { principal }) {
    const { query } = req.target;
    const prefix = query.get('prefix') ?? '';
    const region = query.get('bucket-region');
    const max = maxBucketsOf(req);
    const after = afterTokenOf(req);
    const visible = (await buckets.list())
      .filter(
        (b) =>
          (principal === ROOT_OWNER.id || canonicalOwnerId(b.owner) === principal) &&
          b.name.startsWith(prefix) &&
          (region === undefined || b.region === region) &&
          b.name > after,
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const page = visible.slice(0, max);
    const last = page.at(-1);
    const owner = await accounts.owner(principal);
    return {
      status: 200,
      xml: {
        root: 'ListAllMyBucketsResult',
        value: {
          Buckets: {
            Bucket: page.map((b) => ({
              Name: b.name,
              CreationDate: b.createdAt.toISOString(),
              BucketRegion: b.region,
            })),
          },
          Owner: { ID: owner.id, DisplayName: owner.displayName },
          ...(visible.length > max && last
            ? { ContinuationToken: Buffer.from(last.name).toString('base64url') }
            : {}),
          ...(query.has('prefix') ? { Prefix: prefix } : {}),
        },
      },
    };
  },
});

function maxBucketsOf(req: S3Request): number {
  const raw = req.target.query.get('max-buckets');
  if (raw === undefined) return MAX_BUCKETS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_BUCKETS) {
    throw new S3Error(
      'InvalidArgument',
      `Argument max-buckets must be an integer between 1 and ${MAX_BUCKETS}`,
      {
        ArgumentName: 'max-buckets',
        ArgumentValue: raw,
      },
    );
  }
  return n;
}

/** The token is the last name of the previous page, base64url: bucket names are never empty. */
function afterTokenOf(req: S3Request): string {
  const token = req.target.query.get('continuation-token');
  if (token === undefined || token === '') return '';
  const after = Buffer.from(token, 'base64url').toString('utf8');
  if (after === '' || Buffer.from(after).toString('base64url') !== token) {
    throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
    });
  }
  return after;
}
