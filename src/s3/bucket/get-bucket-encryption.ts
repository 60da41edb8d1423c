import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { encryptionConfigurationXml } from '../encryption/encryption-configuration.js';

/**
 * GetBucketEncryption: the configuration put, or 404 ServerSideEncryptionConfigurationNotFoundError.
 * Since 2023 S3 answers AES256 for a bucket without one, because S3 encrypts everything; OK-S3
 * does not encrypt without a configuration or headers, so it gives the older answer rather than
 * claim an encryption that is not there (README, "Server-side encryption").
 */
export const getBucketEncryption = defineAction({
  name: 'GetBucketEncryption',
  route: { method: 'GET', target: 'bucket', query: 'encryption' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:GetEncryptionConfiguration' },
  async run(_req, ctx, { bucket }) {
    const encryption = await ctx.encryption.get(bucket);
    if (!encryption) {
      throw new S3Error('ServerSideEncryptionConfigurationNotFoundError', undefined, {
        BucketName: bucket.name,
      });
    }
    return { status: 200, xml: encryptionConfigurationXml(encryption, ctx) };
  },
});
