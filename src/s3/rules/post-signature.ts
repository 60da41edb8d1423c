import { parseAmzDate } from '../../auth/amz-date.js';
import type { SecretLookup } from '../../auth/auth-context.js';
import { parseCredential } from '../../auth/credential-scope.js';
import { signaturesMatchV2, signatureV2 } from '../../auth/signature-v2.js';
import { ALGORITHM, hmac, signaturesMatch, signingKey } from '../../auth/signature-v4.js';
import { S3Error } from '../../errors.js';

export interface PostSigner {
  principal: string;
  accessKeyId: string;
  signatureVersion: 'AWS' | 'AWS4-HMAC-SHA256';
}

/**
 * Verifies the signature of a POST policy, SigV4 or (with `AWSAccessKeyId` and no
 * `x-amz-algorithm`) SigV2. SigV4: `x-amz-signature` = hex HMAC-SHA256 of the
 * base64 policy, keyed with the signing key of `x-amz-credential`'s scope. The policy is what is
 * signed, so a valid signature authenticates exactly the conditions it lists.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html
 */
export async function verifyPostSignature(
  fields: ReadonlyMap<string, string>,
  base64Policy: string,
  secrets: SecretLookup,
): Promise<PostSigner> {
  if (!fields.has('x-amz-algorithm') && fields.has('awsaccesskeyid')) {
    return verifyV2PostSignature(fields, base64Policy, secrets);
  }
  const algorithm = required(fields, 'x-amz-algorithm');
  if (algorithm !== ALGORITHM) {
    throw new S3Error('InvalidArgument', `X-Amz-Algorithm only supports "${ALGORITHM}"`, {
      ArgumentName: 'x-amz-algorithm',
    });
  }
  const amzDate = required(fields, 'x-amz-date');
  if (!parseAmzDate(amzDate)) {
    throw new S3Error(
      'InvalidArgument',
      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
      {
        ArgumentName: 'x-amz-date',
      },
    );
  }
  const credential = parseCredential(required(fields, 'x-amz-credential'), amzDate);
  if (typeof credential === 'string') {
    throw new S3Error('InvalidArgument', `Invalid x-amz-credential: ${credential}`, {
      ArgumentName: 'x-amz-credential',
    });
  }
  const signature = required(fields, 'x-amz-signature');
  const secret = await secrets(credential.accessKeyId);
  if (!secret) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: credential.accessKeyId });
  const key = signingKey(secret.secretAccessKey, credential.date, credential.region);
  if (!signaturesMatch(hmac(key, base64Policy).toString('hex'), signature)) {
    throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: credential.accessKeyId });
  }
  return { principal: secret.principal, accessKeyId: credential.accessKeyId, signatureVersion: ALGORITHM };
}

/**
 * SigV2: `signature` = base64 HMAC-SHA1 of the base64 policy, keyed with the secret itself.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/HTTPPOSTForms.html
 */
async function verifyV2PostSignature(
  fields: ReadonlyMap<string, string>,
  base64Policy: string,
  secrets: SecretLookup,
): Promise<PostSigner> {
  const accessKeyId = required(fields, 'awsaccesskeyid');
  const signature = required(fields, 'signature');
  const secret = await secrets(accessKeyId);
  if (!secret) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
  if (!signaturesMatchV2(signatureV2(secret.secretAccessKey, base64Policy), signature)) {
    throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId });
  }
  return { principal: secret.principal, accessKeyId, signatureVersion: 'AWS' };
}

function required(fields: ReadonlyMap<string, string>, name: string): string {
  const value = fields.get(name);
  if (value === undefined || value === '') {
    throw new S3Error(
      'InvalidArgument',
      `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
      { ArgumentName: name },
    );
  }
  return value;
}
