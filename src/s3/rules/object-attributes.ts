import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';
import type { ObjectVersion, VersionSegment } from '../../storage/types.js';
import { checksumElement, MAX_PART_NUMBER } from './multipart-request.js';

/** What `x-amz-object-attributes` may name (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html). */
const ATTRIBUTES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
export type ObjectAttribute = (typeof ATTRIBUTES)[number];

/** The largest page of parts, and the default of `x-amz-max-parts`, as for ListParts. */
const MAX_PARTS = 1000;

export interface PartsPage {
  maxParts: number;
  marker: number;
}

/** The attributes asked for: comma-separated names, at least one, each one of S3's five. */
export function requestedAttributes(headers: IncomingHttpHeaders): Set<ObjectAttribute> {
  const raw = headers['x-amz-object-attributes'];
  const names = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) {
    throw new S3Error(
      'InvalidArgument',
      'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty',
      { ArgumentName: 'x-amz-object-attributes', ArgumentValue: '' },
    );
  }
  const known = new Set<string>(ATTRIBUTES);
  const bad = names.find((n) => !known.has(n));
  if (bad !== undefined) {
    throw new S3Error('InvalidArgument', 'Invalid attribute name specified.', {
      ArgumentName: 'x-amz-object-attributes',
      ArgumentValue: bad,
    });
  }
  return new Set(names as ObjectAttribute[]);
}

/** `x-amz-max-parts` (default and cap 1000) and `x-amz-part-number-marker` (default 0). */
export function requestedPartsPage(headers: IncomingHttpHeaders): PartsPage {
  return {
    maxParts: Math.min(headerInt(headers, 'x-amz-max-parts', MAX_PARTS), MAX_PARTS),
    marker: Math.min(headerInt(headers, 'x-amz-part-number-marker', 0), MAX_PART_NUMBER),
  };
}

function headerInt(headers: IncomingHttpHeaders, name: string, fallback: number): number {
  const raw = headers[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  if (!/^\d{1,15}$/.test(text)) {
    throw new S3Error('InvalidArgument', `${name} must be a non-negative integer.`, {
      ArgumentName: name,
      ArgumentValue: text,
    });
  }
  return Number(text);
}

/**
 * The body of GetObjectAttributesResponse for the attributes asked for, in S3's element order.
 * The ETag travels without quotes; a COMPOSITE checksum without its `-<parts>` suffix (the part
 * count is in ObjectParts), as S3 answers. ObjectParts exists for multipart objects only, and lists
 * the parts (like ListParts) only when their checksums make a COMPOSITE one, as S3 does for general
 * purpose buckets; for a FULL_OBJECT checksum or none it gives the count alone.
 */
export function attributesXml(
  wanted: Set<ObjectAttribute>,
  version: ObjectVersion,
  segments: readonly VersionSegment[] | undefined,
  page: PartsPage,
): Record<string, unknown> {
  const { checksum } = version;
  return {
    ...(wanted.has('ETag') ? { ETag: version.etag } : {}),
    ...(wanted.has('Checksum') && checksum
      ? {
          Checksum: {
            [checksumElement(checksum.algorithm)]: checksum.value.replace(/-\d+$/, ''),
            ChecksumType: checksum.type,
          },
        }
      : {}),
    ...(wanted.has('ObjectParts') && version.partsCount !== null
      ? { ObjectParts: partsXml(version, segments ?? [], page) }
      : {}),
    ...(wanted.has('StorageClass') ? { StorageClass: 'STANDARD' } : {}),
    ...(wanted.has('ObjectSize') ? { ObjectSize: version.size } : {}),
  };
}

function partsXml(version: ObjectVersion, segments: readonly VersionSegment[], page: PartsPage) {
  const algorithm = version.checksum?.algorithm;
  if (algorithm === undefined || version.checksum?.type !== 'COMPOSITE')
    return { PartsCount: version.partsCount };
  const after = segments.filter((s) => s.partNumber > page.marker);
  const listed = after.slice(0, page.maxParts);
  return {
    PartsCount: version.partsCount,
    PartNumberMarker: page.marker,
    NextPartNumberMarker: listed.at(-1)?.partNumber ?? page.marker,
    MaxParts: page.maxParts,
    IsTruncated: after.length > listed.length,
    Part: listed.map((s) => ({
      PartNumber: s.partNumber,
      Size: s.size,
      ...(s.checksum ? { [checksumElement(algorithm)]: s.checksum } : {}),
    })),
  };
}
