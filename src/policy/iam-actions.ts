/**
 * The IAM action names of Amazon S3 that a bucket policy may name, with the kind of resource each
 * applies to (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
 * OK-S3's actions declare theirs beside their permission (s3/action.ts); the others are listed so
 * that a policy written for AWS is accepted (and stays inert until the feature exists), while a
 * misspelt name is refused, as S3 refuses it.
 */
const ACTIONS = {
  's3:AbortMultipartUpload': 'object',
  's3:BypassGovernanceRetention': 'object',
  's3:CreateBucket': 'bucket',
  's3:DeleteBucket': 'bucket',
  's3:DeleteBucketOwnershipControls': 'bucket',
  's3:DeleteBucketPolicy': 'bucket',
  's3:DeleteBucketWebsite': 'bucket',
  's3:DeleteObject': 'object',
  's3:DeleteObjectTagging': 'object',
  's3:DeleteObjectVersion': 'object',
  's3:DeleteObjectVersionTagging': 'object',
  's3:GetAccelerateConfiguration': 'bucket',
  's3:GetAnalyticsConfiguration': 'bucket',
  's3:GetBucketAcl': 'bucket',
  's3:GetBucketCORS': 'bucket',
  's3:GetBucketLocation': 'bucket',
  's3:GetBucketLogging': 'bucket',
  's3:GetBucketNotification': 'bucket',
  's3:GetBucketObjectLockConfiguration': 'bucket',
  's3:GetBucketOwnershipControls': 'bucket',
  's3:GetBucketPolicy': 'bucket',
  's3:GetBucketPolicyStatus': 'bucket',
  's3:GetBucketPublicAccessBlock': 'bucket',
  's3:GetBucketRequestPayment': 'bucket',
  's3:GetBucketTagging': 'bucket',
  's3:GetBucketVersioning': 'bucket',
  's3:GetBucketWebsite': 'bucket',
  's3:GetEncryptionConfiguration': 'bucket',
  's3:GetIntelligentTieringConfiguration': 'bucket',
  's3:GetInventoryConfiguration': 'bucket',
  's3:GetLifecycleConfiguration': 'bucket',
  's3:GetMetricsConfiguration': 'bucket',
  's3:GetObject': 'object',
  's3:GetObjectAcl': 'object',
  's3:GetObjectAttributes': 'object',
  's3:GetObjectLegalHold': 'object',
  's3:GetObjectRetention': 'object',
  's3:GetObjectTagging': 'object',
  's3:GetObjectTorrent': 'object',
  's3:GetObjectVersion': 'object',
  's3:GetObjectVersionAcl': 'object',
  's3:GetObjectVersionAttributes': 'object',
  's3:GetObjectVersionForReplication': 'object',
  's3:GetObjectVersionTagging': 'object',
  's3:GetObjectVersionTorrent': 'object',
  's3:GetReplicationConfiguration': 'bucket',
  's3:ListAllMyBuckets': 'service',
  's3:ListBucket': 'bucket',
  's3:ListBucketMultipartUploads': 'bucket',
  's3:ListBucketVersions': 'bucket',
  's3:ListMultipartUploadParts': 'object',
  's3:ObjectOwnerOverrideToBucketOwner': 'object',
  's3:PutAccelerateConfiguration': 'bucket',
  's3:PutAnalyticsConfiguration': 'bucket',
  's3:PutBucketAcl': 'bucket',
  's3:PutBucketCORS': 'bucket',
  's3:PutBucketLogging': 'bucket',
  's3:PutBucketNotification': 'bucket',
  's3:PutBucketObjectLockConfiguration': 'bucket',
  's3:PutBucketOwnershipControls': 'bucket',
  's3:PutBucketPolicy': 'bucket',
  's3:PutBucketPublicAccessBlock': 'bucket',
  's3:PutBucketRequestPayment': 'bucket',
  's3:PutBucketTagging': 'bucket',
  's3:PutBucketVersioning': 'bucket',
  's3:PutBucketWebsite': 'bucket',
  's3:PutEncryptionConfiguration': 'bucket',
  's3:PutIntelligentTieringConfiguration': 'bucket',
  's3:PutInventoryConfiguration': 'bucket',
  's3:PutLifecycleConfiguration': 'bucket',
  's3:PutMetricsConfiguration': 'bucket',
  's3:PutObject': 'object',
  's3:PutObjectAcl': 'object',
  's3:PutObjectLegalHold': 'object',
  's3:PutObjectRetention': 'object',
  's3:PutObjectTagging': 'object',
  's3:PutObjectVersionAcl': 'object',
  's3:PutObjectVersionTagging': 'object',
  's3:PutReplicationConfiguration': 'bucket',
  's3:ReplicateDelete': 'object',
  's3:ReplicateObject': 'object',
  's3:ReplicateTags': 'object',
  's3:RestoreObject': 'object',
} as const satisfies Record<string, 'bucket' | 'object' | 'service'>;

export type IamAction = keyof typeof ACTIONS;
export type IamResourceKind = (typeof ACTIONS)[IamAction];

export const IAM_ACTIONS: readonly IamAction[] = Object.keys(ACTIONS) as IamAction[];

const BY_LOWER_CASE = new Map(IAM_ACTIONS.map((name) => [name.toLowerCase(), name]));

/** The action of that name, whatever its case (IAM action names are case-insensitive). */
export function iamAction(name: string): IamAction | undefined {
  return BY_LOWER_CASE.get(name.toLowerCase());
}

export function resourceKind(action: IamAction): IamResourceKind {
  return ACTIONS[action];
}
