import { S3Error } from '../../errors.js';
import type { BucketEncryption } from '../../storage/encryption/bucket-encryption-store.js';
import type { Context, XmlDocument } from '../action.js';
import { kmsKeyArn } from '../rules/server-side-encryption.js';

export const ENCRYPTION_ARRAY_TAGS = ['Rule'];
export const MAX_ENCRYPTION_BYTES = 16 * 1024;

/**
 * A ServerSideEncryptionConfiguration: one Rule with ApplyServerSideEncryptionByDefault (AES256,
 * or aws:kms with an optional KMSMasterKeyID that must exist) and an optional BucketKeyEnabled.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html
 */
export function parseEncryptionConfiguration(doc: Record<string, unknown>, ctx: Context): BucketEncryption {
  const config = doc.ServerSideEncryptionConfiguration as Record<string, unknown> | undefined;
  const rules = config?.Rule as Record<string, unknown>[] | undefined;
  if (!config || typeof config !== 'object' || !Array.isArray(rules) || rules.length !== 1) {
    throw new S3Error('MalformedXML');
  }
  const rule = rules[0]!;
  const byDefault = rule.ApplyServerSideEncryptionByDefault as Record<string, unknown> | undefined;
  const algorithm = byDefault?.SSEAlgorithm;
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms') {
    if (algorithm === 'aws:kms:dsse')
      throw new S3Error('NotImplemented', 'aws:kms:dsse is not implemented by OK-S3.');
    throw new S3Error('MalformedXML', 'SSEAlgorithm must be AES256 or aws:kms.');
  }
  const keyId = byDefault?.KMSMasterKeyID;
  if (keyId !== undefined && (algorithm !== 'aws:kms' || typeof keyId !== 'string')) {
    throw new S3Error(
      'InvalidArgument',
      'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms',
    );
  }
  const bucketKey = rule.BucketKeyEnabled;
  if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false')
    throw new S3Error('MalformedXML');
  return {
    algorithm,
    // Checked now, as S3 does: a default naming a missing key would fail every later write.
    ...(keyId !== undefined ? { kmsKeyId: ctx.keys.resolveKmsKeyId(keyId) } : {}),
    ...(bucketKey === 'true' ? { bucketKeyEnabled: true } : {}),
  };
}

export function encryptionConfigurationXml(encryption: BucketEncryption, ctx: Context): XmlDocument {
  return {
    root: 'ServerSideEncryptionConfiguration',
    value: {
      Rule: {
        ApplyServerSideEncryptionByDefault: {
          SSEAlgorithm: encryption.algorithm,
          ...(encryption.kmsKeyId ? { KMSMasterKeyID: kmsKeyArn(ctx, encryption.kmsKeyId) } : {}),
        },
        BucketKeyEnabled: encryption.bucketKeyEnabled === true,
      },
    },
  };
}
