import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { ObjectOwnership } from '../../storage/bucket-controls-store.js';
import type { Bucket } from '../../storage/types.js';
import { defineAction, type S3Request } from '../action.js';
import { isObjectOwnership } from '../rules/bucket-controls-xml.js';
import { validateBucketName } from '../rules/bucket-name.js';
import { cannedAclFromHeaders, hasGrantHeaders } from '../rules/canned-acl.js';
import { hasBody, readRequestXml } from '../rules/request-xml.js';

/**
 * CreateBucket. `x-amz-object-ownership` sets the bucket's Object Ownership; with
 * BucketOwnerEnforced (ACLs disabled) any ACL but `private` is 400
 * InvalidBucketAclWithObjectOwnership, as on S3.
 */
export const createBucket = defineAction({
  name: 'CreateBucket',
  route: { method: 'PUT', target: 'bucket' },
  permission: { to: 'sign', iam: 's3:CreateBucket' },
  async run(req, { config, buckets, controls }, { principal: owner }) {
    const name = req.target.bucket!;
    validateBucketName(name, config.strictBucketNames);
    const ownership = requestedOwnership(req.headers);
    if (ownership === 'BucketOwnerEnforced') refuseBucketAcl(req.headers);
    const acl = cannedAclFromHeaders(req.headers) ?? 'private';
    const region = await requestedRegion(req, config.region);
    const bucket: Bucket = { name, owner, createdAt: new Date(), acl, versioning: 'Unversioned', region };
    const outcome = await buckets.create(bucket);
    if (outcome.created) {
      if (ownership) await controls.putOwnership(bucket, ownership);
    } else {
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

type Headers = S3Request['headers'];

/** `x-amz-object-ownership`: one of the three settings, or none. */
function requestedOwnership(headers: Headers): ObjectOwnership | undefined {
  const raw = headers['x-amz-object-ownership'];
  if (raw === undefined) return undefined;
  const value = String(raw).trim();
  if (!isObjectOwnership(value)) {
    throw new S3Error('InvalidArgument', `Invalid x-amz-object-ownership header: ${value}`, {
      ArgumentName: 'x-amz-object-ownership',
    });
  }
  return value;
}

/** With ACLs disabled a new bucket may only be `private` (the owner's full control). */
function refuseBucketAcl(headers: Headers): void {
  const canned = headers['x-amz-acl'];
  if (hasGrantHeaders(headers) || (canned !== undefined && String(canned).trim() !== 'private')) {
    throw new S3Error('InvalidBucketAclWithObjectOwnership');
  }
}
