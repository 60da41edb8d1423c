import { defineAction } from '../action.js';
import {
  ENCRYPTION_ARRAY_TAGS,
  MAX_ENCRYPTION_BYTES,
  parseEncryptionConfiguration,
} from '../encryption/encryption-configuration.js';
import { readRequestXml } from '../rules/request-xml.js';

/**
 * PutBucketEncryption: the bucket owner's. The default applies to later writes that carry no
 * x-amz-server-side-encryption header; objects already stored keep their encryption.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html
 */
export const putBucketEncryption = defineAction({
  name: 'PutBucketEncryption',
  route: { method: 'PUT', target: 'bucket', query: 'encryption' },
  permission: { to: 'bucket', need: 'owner', iam: 's3:PutEncryptionConfiguration' },
  async run(req, ctx, { bucket }) {
    const doc = await readRequestXml(req, ENCRYPTION_ARRAY_TAGS, MAX_ENCRYPTION_BYTES);
    await ctx.encryption.put(bucket, parseEncryptionConfiguration(doc, ctx));
    return { status: 200 };
  },
});
