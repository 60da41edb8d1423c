import { ROOT_OWNER, requireSigned } from './access.js';
import type { Operation } from './operation.js';

export const listBuckets: Operation = async (req, { buckets }) => {
  const principal = requireSigned(req);
  const prefix = req.target.query.get('prefix') ?? '';
  const all = await buckets.list();
  const visible = all.filter(
    (b) => (principal === ROOT_OWNER.id || b.owner === principal) && b.name.startsWith(prefix),
  );
  return {
    status: 200,
    xml: {
      root: 'ListAllMyBucketsResult',
      value: {
        Owner: {
          ID: principal,
          DisplayName: principal === ROOT_OWNER.id ? ROOT_OWNER.displayName : principal,
        },
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
};
