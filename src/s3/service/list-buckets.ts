import { canonicalOwnerId } from '../../accounts/root-account.js';
import { defineAction } from '../action.js';
import { ROOT_OWNER } from '../rules/access.js';

/** An account sees the buckets it owns; root sees every bucket (it administers them all). */
export const listBuckets = defineAction({
  name: 'ListBuckets',
  route: { method: 'GET', target: 'service' },
  permission: { to: 'sign', iam: 's3:ListAllMyBuckets' },
  async run(req, { buckets, accounts }, { principal }) {
    const prefix = req.target.query.get('prefix') ?? '';
    const all = await buckets.list();
    const visible = all.filter(
      (b) =>
        (principal === ROOT_OWNER.id || canonicalOwnerId(b.owner) === principal) && b.name.startsWith(prefix),
    );
    const owner = await accounts.owner(principal);
    return {
      status: 200,
      xml: {
        root: 'ListAllMyBucketsResult',
        value: {
          Owner: { ID: owner.id, DisplayName: owner.displayName },
          Buckets: {
            Bucket: visible.map((b) => ({
              Name: b.name,
              CreationDate: b.createdAt.toISOString(),
              BucketRegion: b.region,
            })),
          },
          ...(prefix ? { Prefix: prefix } : {}),
        },
      },
    };
  },
});
