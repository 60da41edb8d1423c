import { S3Error } from '../../errors.js';

/** Names reserved by OK-S3's own routes: `GET /files/...` is the folder-listing API. */
const RESERVED = new Set(['files', '_ok']);

/**
 * S3 bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html),
 * except that one- and two-character names are accepted unless `strict`, because the original
 * project's bucket is `b`.
 */
export function validateBucketName(name: string, strict: boolean): void {
  const min = strict ? 3 : 1;
  const invalid = (why: string) =>
    new S3Error('InvalidBucketName', `The specified bucket is not valid: ${why}.`, { BucketName: name });
  if (name.length < min || name.length > 63) throw invalid(`length must be ${min} to 63`);
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(name) || !/[a-z0-9]$/.test(name)) {
    throw invalid(
      'use lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
    );
  }
  if (name.includes('..')) throw invalid('no two adjacent periods');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) throw invalid('must not be formatted as an IP address');
  if (
    name.startsWith('xn--') ||
    name.startsWith('sthree-') ||
    name.endsWith('-s3alias') ||
    name.endsWith('--ol-s3')
  ) {
    throw invalid('reserved prefix or suffix');
  }
  if (RESERVED.has(name)) throw invalid('reserved by OK-S3');
}
