import { cannedGrants } from '../../accounts/grants.js';
import { canonicalOwnerId } from '../../accounts/root-account.js';
import { S3Error } from '../../errors.js';
import type { ObjectOwnership, PublicAccessBlock } from '../../storage/bucket-controls-store.js';
import type { Bucket } from '../../storage/types.js';
import { defineAction, type S3Request } from '../action.js';
import { isObjectOwnership } from '../rules/bucket-controls-xml.js';
import { validateBucketName } from '../rules/bucket-name.js';
import { cannedAclFromHeaders, hasGrantHeaders } from '../rules/canned-acl.js';
import { isPublicAcl } from '../rules/public-access.js';
import { hasBody, readRequestXml } from '../rules/request-xml.js';

/** Block Public Access of a new bucket: all four flags, as AWS sets them. */
const NEW_BUCKET_BLOCK: PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

/**
 * CreateBucket, with the settings AWS gives every new bucket since April 2023: Block Public Access
 * all on, and Object Ownership BucketOwnerEnforced (ACLs disabled) unless `x-amz-object-ownership`
 * names another. So any ACL but `private` is 400 InvalidBucketAclWithObjectOwnership, and with
 * ACLs enabled a public one is 400 InvalidBucketAclWithBlockPublicAccessError: publish by deleting
 * the block, then setting a policy or ACLs.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 */
export const createBucket = defineAction({
  name: 'CreateBucket',
  route: { method: 'PUT', target: 'bucket' },
  permission: { to: 'sign', iam: 's3:CreateBucket' },
  async run(req, { config, buckets, controls }, { principal: owner }) {
    const name = req.target.bucket!;
    validateBucketName(name, config.strictBucketNames);
    const ownership = requestedOwnership(req.headers) ?? 'BucketOwnerEnforced';
    if (ownership === 'BucketOwnerEnforced') refuseBucketAcl(req.headers);
    const acl = cannedAclFromHeaders(req.headers) ?? 'private';
    // A new bucket blocks all public access, so a public ACL cannot be given at creation.
    if (isPublicAcl(cannedGrants(acl, owner)))
      throw new S3Error('InvalidBucketAclWithBlockPublicAccessError');
    const region = await requestedRegion(req, config.region);
    // Object Lock is enabled only here, and brings versioning that can never be suspended.
    const locked = requestedObjectLock(req.headers);
    const bucket: Bucket = {
      name,
      owner,
      createdAt: new Date(),
      acl,
      versioning: locked ? 'Enabled' : 'Unversioned',
      region,
      ...(locked ? { objectLock: {} } : {}),
    };
    const outcome = await buckets.create(bucket);
    if (outcome.created) {
      // Written after the bucket row, which may belong to someone else until the create succeeds.
      await Promise.all([
        controls.putPublicAccessBlock(bucket, NEW_BUCKET_BLOCK),
        controls.putOwnership(bucket, ownership),
      ]);
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

/** `x-amz-bucket-object-lock-enabled`: true or false (any case), else InvalidArgument. */
function requestedObjectLock(headers: Headers): boolean {
  const raw = headers['x-amz-bucket-object-lock-enabled'];
  if (raw === undefined) return false;
  const value = String(raw).trim().toLowerCase();
  if (value !== 'true' && value !== 'false') {
    throw new S3Error('InvalidArgument', `Invalid x-amz-bucket-object-lock-enabled header: ${value}`, {
      ArgumentName: 'x-amz-bucket-object-lock-enabled',
    });
  }
  return value === 'true';
}

/** With ACLs disabled a new bucket may only be `private` (the owner's full control). */
function refuseBucketAcl(headers: Headers): void {
  const canned = headers['x-amz-acl'];
  if (hasGrantHeaders(headers) || (canned !== undefined && String(canned).trim() !== 'private')) {
    throw new S3Error('InvalidBucketAclWithObjectOwnership');
  }
}
