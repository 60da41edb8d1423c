import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';
import type { Bucket, ObjectEncryption } from '../../storage/types.js';
import type { Context } from '../action.js';

const SSE = 'x-amz-server-side-encryption';
const KEY_ID = `${SSE}-aws-kms-key-id`;
const CONTEXT = `${SSE}-context`;
const BUCKET_KEY = `${SSE}-bucket-key-enabled`;

type Headers = IncomingHttpHeaders | Record<string, string | undefined>;

/**
 * The encryption a write asks for: its x-amz-server-side-encryption* headers (or PostObject's
 * fields of the same names), else the bucket's default encryption, else none. Checked as S3 does:
 * a key id or context without aws:kms is InvalidArgument, an unknown key KMS.NotFoundException.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 */
export async function requestedEncryption(
  headers: Headers,
  ctx: Context,
  bucket: Bucket,
): Promise<ObjectEncryption | null> {
  const algorithm = header(headers, SSE);
  const keyId = header(headers, KEY_ID);
  const context = header(headers, CONTEXT);
  const bucketKey = header(headers, BUCKET_KEY);
  if (algorithm === undefined) {
    if (keyId !== undefined || context !== undefined) throw kmsHeaderWithoutKms();
    const byDefault = await ctx.encryption.get(bucket);
    if (!byDefault) return null;
    return resolved(ctx, byDefault.algorithm, byDefault.kmsKeyId, undefined, byDefault.bucketKeyEnabled);
  }
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms') {
    if (algorithm === 'aws:kms:dsse') {
      throw new S3Error('NotImplemented', 'Dual-layer SSE-KMS (aws:kms:dsse) is not implemented by OK-S3.');
    }
    throw new S3Error('InvalidArgument', 'The encryption method specified is not supported', {
      ArgumentName: SSE,
      ArgumentValue: algorithm,
    });
  }
  if (algorithm === 'AES256' && (keyId !== undefined || context !== undefined)) throw kmsHeaderWithoutKms();
  if (context !== undefined) checkContext(context);
  return resolved(ctx, algorithm, keyId, context, parseBucketKey(bucketKey));
}

/** The headers S3 sends back for an encrypted object (PUT, POST, copy, GET, HEAD, multipart). */
export function encryptionResponseHeaders(
  encryption: ObjectEncryption | null,
  ctx: Pick<Context, 'config'>,
): Record<string, string> {
  if (!encryption) return {};
  return {
    [SSE]: encryption.algorithm,
    ...(encryption.kmsKeyId ? { [KEY_ID]: kmsKeyArn(ctx, encryption.kmsKeyId) } : {}),
    ...(encryption.context ? { [CONTEXT]: encryption.context } : {}),
    ...(encryption.bucketKeyEnabled ? { [BUCKET_KEY]: 'true' } : {}),
  };
}

/** How S3 names a KMS key: its ARN (OK-S3's local keys have no account: 000000000000). */
export function kmsKeyArn(ctx: Pick<Context, 'config'>, id: string): string {
  return `arn:aws:kms:${ctx.config.region}:000000000000:key/${id}`;
}

/** Same algorithm and key: blocks and inline bytes can be shared as they are. */
export function sameEncryptionKey(a: ObjectEncryption | null, b: ObjectEncryption | null): boolean {
  return (a?.algorithm ?? null) === (b?.algorithm ?? null) && a?.kmsKeyId === b?.kmsKeyId;
}

function resolved(
  ctx: Context,
  algorithm: ObjectEncryption['algorithm'],
  keyId: string | undefined,
  context: string | undefined,
  bucketKeyEnabled: boolean | undefined,
): ObjectEncryption {
  return {
    algorithm,
    ...(algorithm === 'aws:kms' ? { kmsKeyId: ctx.keys.resolveKmsKeyId(keyId) } : {}),
    ...(context ? { context } : {}),
    ...(bucketKeyEnabled ? { bucketKeyEnabled } : {}),
  };
}

/** A base64 JSON object of strings, as S3 requires of an encryption context. */
function checkContext(value: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === 'string');
  if (!valid) {
    throw new S3Error(
      'InvalidArgument',
      'The header x-amz-server-side-encryption-context must be base64-encoded JSON',
      {
        ArgumentName: CONTEXT,
      },
    );
  }
}

function parseBucketKey(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw new S3Error(
    'InvalidArgument',
    'x-amz-server-side-encryption-bucket-key-enabled must be true or false',
    {
      ArgumentName: BUCKET_KEY,
    },
  );
}

function kmsHeaderWithoutKms(): S3Error {
  return new S3Error(
    'InvalidArgument',
    'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
  );
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : String(value).trim();
}
