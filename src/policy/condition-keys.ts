/**
 * The condition keys a bucket policy may test. Global `aws:` keys are all accepted (one this server
 * never sets is simply absent from every request); `s3:` keys must be ones S3 defines, so that a
 * misspelt key is refused at PutBucketPolicy instead of silently never matching.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys
 */
const S3_KEYS = new Set(
  [
    's3:AccessGrantsInstanceArn',
    's3:AccessPointNetworkOrigin',
    's3:authType',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
    's3:delimiter',
    's3:ExistingObjectTag',
    's3:LocationConstraint',
    's3:max-keys',
    's3:object-lock-legal-hold',
    's3:object-lock-mode',
    's3:object-lock-remaining-retention-days',
    's3:object-lock-retain-until-date',
    's3:prefix',
    's3:RequestObjectTag',
    's3:RequestObjectTagKeys',
    's3:ResourceAccount',
    's3:signatureAge',
    's3:signatureversion',
    's3:TlsVersion',
    's3:VersionId',
    's3:x-amz-acl',
    's3:x-amz-content-sha256',
    's3:x-amz-copy-source',
    's3:x-amz-grant-full-control',
    's3:x-amz-grant-read',
    's3:x-amz-grant-read-acp',
    's3:x-amz-grant-write',
    's3:x-amz-grant-write-acp',
    's3:x-amz-metadata-directive',
    's3:x-amz-object-ownership',
    's3:x-amz-server-side-encryption',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    's3:x-amz-server-side-encryption-customer-algorithm',
    's3:x-amz-storage-class',
    's3:x-amz-website-redirect-location',
  ].map((k) => k.toLowerCase()),
);

/** Keys that take a tag name after a slash: `s3:ExistingObjectTag/<key>`. */
const TAG_KEYS = new Set(['s3:existingobjecttag', 's3:requestobjecttag']);

/** Whether a policy may name this condition key (`lower` is the key in lower case). */
export function isKnownConditionKey(lower: string): boolean {
  if (/^aws:[a-z0-9]/.test(lower)) return true;
  const slash = lower.indexOf('/');
  if (slash > 0) return TAG_KEYS.has(lower.slice(0, slash)) && slash < lower.length - 1;
  return S3_KEYS.has(lower);
}
