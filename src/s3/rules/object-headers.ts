import type { IncomingHttpHeaders } from 'node:http';
import { headerText } from '../../auth/raw-headers.js';
import { S3Error } from '../../errors.js';
import type { ObjectVersion } from '../../storage/types.js';

/** Standard headers stored with an object and returned on GET/HEAD. */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

/** S3's limit on user-defined metadata: 2 KB of names and values. */
export const MAX_USER_METADATA_BYTES = 2048;
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export interface ObjectMetadata {
  contentType: string;
  headers: Record<string, string>;
  userMeta: Record<string, string>;
}

/** Reads Content-Type, the stored standard headers and x-amz-meta-* from a PUT, with S3's limits. */
export function metadataFromHeaders(headers: IncomingHttpHeaders): ObjectMetadata {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') stored[name] = headerText(value);
  }
  const encoding = stripAwsChunked(stored['content-encoding']);
  if (encoding === undefined) delete stored['content-encoding'];
  else stored['content-encoding'] = encoding;

  const userMeta: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const short = name.slice('x-amz-meta-'.length);
    const text = headerText(Array.isArray(value) ? value.join(',') : value);
    userMeta[short] = text;
    bytes += Buffer.byteLength(short) + Buffer.byteLength(text);
  }
  if (bytes > MAX_USER_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', undefined, {
      Size: bytes,
      MaxSizeAllowed: MAX_USER_METADATA_BYTES,
    });
  }
  const contentType =
    typeof headers['content-type'] === 'string' && headers['content-type'] !== ''
      ? headers['content-type']
      : DEFAULT_CONTENT_TYPE;
  return { contentType, headers: stored, userMeta };
}

/** `aws-chunked` describes the upload framing, not the object: it is never stored or replayed. */
export function stripAwsChunked(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const kept = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t.toLowerCase() !== 'aws-chunked');
  return kept.length === 0 ? undefined : kept.join(', ');
}

/** The response-content-* query parameters a (presigned) GET may use to override headers. */
const OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-language': 'Content-Language',
  'response-expires': 'Expires',
  'response-cache-control': 'Cache-Control',
  'response-content-disposition': 'Content-Disposition',
  'response-content-encoding': 'Content-Encoding',
};

export function objectResponseHeaders(
  v: ObjectVersion,
  query: ReadonlyMap<string, string>,
  versionId: string | undefined,
): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = {
    ETag: `"${v.etag}"`,
    'Last-Modified': v.lastModified.toUTCString(),
    'Content-Type': v.contentType,
    'Accept-Ranges': 'bytes',
    'x-amz-version-id': versionId,
    'x-amz-mp-parts-count': v.partsCount ?? undefined,
  };
  for (const [name, value] of Object.entries(v.headers)) out[name] = headerOnWire(value);
  for (const [name, value] of Object.entries(v.userMeta)) out[`x-amz-meta-${name}`] = headerOnWire(value);
  for (const [param, header] of Object.entries(OVERRIDES)) {
    const value = query.get(param);
    if (value !== undefined) out[header] = value;
  }
  return out;
}

/**
 * Node writes header strings as latin1 and refuses characters above U+00FF. Latin1 text goes out
 * as is (Node's client, hence the SDK, reads it back as the same text); anything wider is RFC 2047
 * encoded, as S3 returns non-ASCII metadata.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html
 */
export function headerOnWire(text: string): string {
  if (!/[\u0100-\uffff]/.test(text)) return text;
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
