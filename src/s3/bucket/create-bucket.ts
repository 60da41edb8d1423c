import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import { defineAction, type S3Request } from '../action.js';
import { validateBucketName } from '../rules/bucket-name.js';
import { cannedAclFromHeaders } from '../rules/canned-acl.js';
import { hasBody, readRequestXml } from '../rules/request-xml.js';

export const createBucket = defineAction({
  name: 'CreateBucket',
  route: { method: 'PUT', target: 'bucket' },
  permission: { to: 'sign', iam: 's3:CreateBucket' },
  async run(req, { config, buckets }, { principal: owner }) {
    const name = req.target.bucket!;
    validateBucketName(name, config.strictBucketNames);
    const acl = cannedAclFromHeaders(req.headers) ?? 'private';
    const region = await requestedRegion(req, config.region);
    const outcome = await buckets.create({
      name,
      owner,
      createdAt: new Date(),
      acl,
      versioning: 'Unversioned',
      region,
    });
    if (!outcome.created) {
      const ours = canonicalOwnerId(outcome.existing.owner) === owner;
      if (!ours) throw new S3Error('BucketAlreadyExists', undefined, { BucketName: name });
      // us-east-1 answers 200 to its owner's re-create (the bucket, its ACL included, stays as it
      // was); every other region answers 409 BucketAlreadyOwnedByYou.
      if (config.region !== 'us-east-1')
        throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
    }
    return { status: 200, headers: { Location: `/${name}` } };
  },
});

/** The optional CreateBucketConfiguration body; only the server's own region is accepted. */
async function requestedRegion(req: S3Request, region: string): Promise<string> {
  if (!hasBody(req)) return region;
  const doc = await readRequestXml(req, [], 64 * 1024);
  const cfg = doc.CreateBucketConfiguration as Record<string, unknown> | undefined;
  const constraint = typeof cfg?.LocationConstraint === 'string' ? cfg.LocationConstraint : '';
  if (constraint !== '' && constraint !== region && !(constraint === 'US' && region === 'us-east-1')) {
    throw new S3Error('InvalidLocationConstraint', `This server serves region ${region}, not ${constraint}.`);
  }
  return region;
}
