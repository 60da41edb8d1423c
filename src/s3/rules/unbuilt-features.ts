import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';

/**
 * Headers (and PostObject form fields, which S3 reads under the same names) of features OK-S3 does
 * not have yet. A client that sends one believes its data is encrypted; ignoring
 * it would be a silent lie, so the request is refused before anything is read or stored.
 */
const UNBUILT_PREFIXES: readonly [prefix: string, feature: string][] = [
  ['x-amz-server-side-encryption-customer-', 'SSE-C (customer-provided keys)'],
  ['x-amz-copy-source-server-side-encryption-customer-', 'SSE-C (customer-provided keys)'],
  ['x-amz-website-redirect-location', 'Static website hosting'],
  // Checksums newer SDKs can name that OK-S3 does not compute (it does CRC32, CRC32C, CRC64NVME,
  // SHA1 and SHA256): accepting one would store an object whose claimed checksum nobody checked.
  ['x-amz-checksum-sha512', 'The SHA512 checksum'],
  ['x-amz-checksum-md5', 'The MD5 checksum'],
  ['x-amz-checksum-xxhash', 'The XXHASH checksums'],
];

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#AmazonS3-PutObject-request-header-StorageClass */
const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'OUTPOSTS',
  'GLACIER_IR',
  'SNOW',
  'EXPRESS_ONEZONE',
];

/**
 * Throws NotImplemented (or S3's own error for an invalid value) for an unbuilt feature's header.
 * SSE-S3/SSE-KMS headers are for the actions that read them (`encryption`); elsewhere S3 answers
 * InvalidArgument, and so does OK-S3 rather than let a client think its request was encrypted.
 */
export function refuseUnbuiltFeatures(
  headers: IncomingHttpHeaders | Record<string, string | undefined>,
  accepts: { encryption: boolean },
): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const unbuilt = UNBUILT_PREFIXES.find(([prefix]) => lower.startsWith(prefix));
    if (unbuilt) throw notImplemented(unbuilt[1], lower);
    if (lower.startsWith('x-amz-server-side-encryption') && !accepts.encryption) {
      throw new S3Error('InvalidArgument', `${lower} is not supported for this operation.`, {
        ArgumentName: lower,
      });
    }
    const text = String(value).trim();
    if (lower === 'x-amz-storage-class') checkStorageClass(text);
  }
}

/** OK-S3 has one storage class, STANDARD; an unknown name is S3's InvalidStorageClass. */
function checkStorageClass(value: string): void {
  if (value === 'STANDARD') return;
  if (!STORAGE_CLASSES.includes(value)) throw new S3Error('InvalidStorageClass');
  throw new S3Error(
    'NotImplemented',
    `OK-S3 stores every object as STANDARD; storage class ${value} is not supported.`,
  );
}

function notImplemented(feature: string, header: string): S3Error {
  return new S3Error('NotImplemented', `${feature} is not implemented by OK-S3 (${header}).`, {
    Header: header,
  });
}
