import {
  type BucketCannedACL,
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  type ObjectOwnership,
  type PublicAccessBlockConfiguration,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** Sets a bucket's Object Ownership (`BucketOwnerEnforced` disables ACLs). */
export async function putOwnership(s3: S3Client, bucket: string, ownership: ObjectOwnership): Promise<void> {
  await s3.send(
    new PutBucketOwnershipControlsCommand({
      Bucket: bucket,
      OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] },
    }),
  );
}

/** Sets a bucket's Block Public Access flags (a flag not given is false, as on S3). */
export async function putAccessBlock(
  s3: S3Client,
  bucket: string,
  flags: PublicAccessBlockConfiguration,
): Promise<void> {
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: flags }));
}

/**
 * What an S3 user does before publishing with ACLs: ACLs enabled (ObjectWriter) and the bucket's
 * Block Public Access removed, whatever the bucket was created with.
 */
export async function allowPublicAcls(s3: S3Client, bucket: string): Promise<void> {
  await putOwnership(s3, bucket, 'ObjectWriter');
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
}

/** The four flags all true: what S3 gives a new bucket. */
export const BLOCK_ALL: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/**
 * Creates a bucket as S3 created them before April 2023: ACLs enabled (ObjectWriter), no Block
 * Public Access, and `acl` as its bucket ACL when given (set by PutBucketAcl: a new bucket cannot
 * be created with a public one).
 */
export async function createLegacyBucket(s3: S3Client, bucket: string, acl?: BucketCannedACL): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: 'ObjectWriter' }));
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  if (acl) await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: acl }));
}
