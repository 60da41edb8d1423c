import type { IncomingHttpHeaders } from 'node:http';
import { parseXml } from '../../body/xml-body.js';
import { S3Error } from '../../errors.js';
import type { Tag } from '../../storage/types.js';

/**
 * Tag sets as S3 checks them, for objects (PutObjectTagging, x-amz-tagging, PostObject's
 * `tagging` field) and buckets (PutBucketTagging). S3's limits and answers:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html: at most 10 tags per
 * object (50 per bucket), keys of 1 to 128 and values of 0 to 256 Unicode characters, counted in
 * UTF-16 as S3 stores them, made of letters, digits, white space and `_ . : / = + - @`, unique
 * keys, and no `aws:` key (the prefix AWS reserves for its own tags).
 */
export type TagTarget = 'object' | 'bucket';

const LIMITS: Record<TagTarget, [count: number, message: string]> = {
  object: [10, 'Object tags cannot be greater than 10'],
  bucket: [50, 'Bucket tag count cannot be greater than 50'],
};
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Largest tagging document read: 50 tags of the longest keys and values fit many times. */
export const MAX_TAGGING_BYTES = 64 * 1024;
export const TAGGING_ARRAY_TAGS = ['Tag'];

/** Checks a tag set in S3's order: the count, then each tag (key, value, prefix, duplicate). */
export function checkTags(tags: readonly Tag[], target: TagTarget): Tag[] {
  const [max, tooMany] = LIMITS[target];
  if (tags.length > max) throw new S3Error('BadRequest', tooMany);
  const seen = new Set<string>();
  for (const { key, value } of tags) {
    if (key.length < 1 || key.length > MAX_KEY_LENGTH || !TAG_TEXT.test(key)) {
      throw new S3Error('InvalidTag', 'The TagKey you have provided is invalid', { TagKey: key });
    }
    if (value.length > MAX_VALUE_LENGTH || !TAG_TEXT.test(value)) {
      throw new S3Error('InvalidTag', 'The TagValue you have provided is invalid', {
        TagKey: key,
        TagValue: value,
      });
    }
    if (key.toLowerCase().startsWith('aws:')) {
      const message =
        target === 'object'
          ? 'Your TagKey cannot be prefixed with aws:'
          : 'System tags cannot be added/updated by requester';
      throw new S3Error('InvalidTag', message, { TagKey: key });
    }
    if (seen.has(key)) {
      throw new S3Error('InvalidTag', 'Cannot provide multiple Tags with the same key', { TagKey: key });
    }
    seen.add(key);
  }
  return [...tags];
}

/** A `<Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>` document, checked. */
export function parseTaggingDocument(doc: Record<string, unknown>, target: TagTarget): Tag[] {
  const tagging = doc.Tagging;
  if (!isElement(tagging) || tagging.TagSet === undefined) throw new S3Error('MalformedXML');
  const set = tagging.TagSet;
  if (set === '') return [];
  if (!isElement(set)) throw new S3Error('MalformedXML');
  const nodes = set.Tag === undefined ? [] : (set.Tag as unknown[]);
  const tags = nodes.map((node) => {
    if (!isElement(node) || node.Key === undefined || node.Value === undefined)
      throw new S3Error('MalformedXML');
    return { key: text(node.Key), value: text(node.Value) };
  });
  return checkTags(tags, target);
}

/** PostObject's `tagging` field: the same document as PutObjectTagging's body. */
export function parseTaggingField(field: string): Tag[] {
  return parseTaggingDocument(parseXml(field, TAGGING_ARRAY_TAGS), 'object');
}

/** GetObjectTagging / GetBucketTagging's document. */
export function renderTagging(tags: readonly Tag[]): Record<string, unknown> {
  if (tags.length === 0) return { TagSet: '' };
  return { TagSet: { Tag: tags.map((t) => ({ Key: t.key, Value: t.value })) } };
}

/**
 * `x-amz-tagging` of PutObject, CopyObject and CreateMultipartUpload: URL query parameters
 * (`k1=v1&k2`, `+` a space, a key without `=` an empty value, empty pairs skipped). What is no such
 * encoding, or repeats a key, is S3's InvalidArgument; the tags are then checked as any tag set.
 */
export function parseTaggingHeader(header: string): Tag[] {
  const invalid = () =>
    new S3Error(
      'InvalidArgument',
      "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
      { ArgumentName: 'x-amz-tagging', ArgumentValue: header },
    );
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      throw invalid();
    }
  };
  const tags: Tag[] = [];
  const seen = new Set<string>();
  for (const pair of header.split('&')) {
    if (pair === '') continue;
    const [rawKey = '', rawValue = '', ...rest] = pair.split('=');
    if (rest.length > 0) throw invalid();
    const key = decode(rawKey);
    if (seen.has(key)) throw invalid();
    seen.add(key);
    tags.push({ key, value: decode(rawValue) });
  }
  return checkTags(tags, 'object');
}

/** What of a request names its tags: its headers, and the query of a presigned URL. */
export interface TaggedRequest {
  headers: IncomingHttpHeaders;
  target: { query: ReadonlyMap<string, string> };
}

/**
 * The `x-amz-tagging` a request carries: the header, else, in a presigned URL, the query parameter
 * presigners hoist it into (the JavaScript SDK's does), which S3 applies as the header.
 */
export function taggingOf(req: TaggedRequest): string | undefined {
  const header = req.headers['x-amz-tagging'];
  if (header !== undefined) return Array.isArray(header) ? header.join(',') : header;
  const { query } = req.target;
  if (!query.has('X-Amz-Signature') && !query.has('Signature')) return undefined;
  for (const [name, value] of query) if (name.toLowerCase() === 'x-amz-tagging') return value;
  return undefined;
}

/** The tags a write asks for with `x-amz-tagging`; [] when it asks for none. */
export function requestedTags(req: TaggedRequest): Tag[] {
  const tagging = taggingOf(req);
  return tagging === undefined ? [] : parseTaggingHeader(tagging);
}

/**
 * The tags of a copy: the source's (`x-amz-tagging-directive: COPY`, the default) or those of
 * `x-amz-tagging` (`REPLACE`). https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
export async function copiedTags(req: TaggedRequest, sourceTags: () => Promise<Tag[]>): Promise<Tag[]> {
  const directive = String(req.headers['x-amz-tagging-directive'] ?? 'COPY').toUpperCase();
  if (directive === 'REPLACE') return requestedTags(req);
  if (directive !== 'COPY') {
    throw new S3Error('InvalidArgument', 'Unknown tagging directive.', {
      ArgumentName: 'x-amz-tagging-directive',
    });
  }
  return sourceTags();
}

/** The `x-amz-tagging-count` header of a GET or HEAD: present only when the version has tags. */
export function tagCountHeader(tags: readonly Tag[]): Record<string, number> {
  return tags.length === 0 ? {} : { 'x-amz-tagging-count': tags.length };
}

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (isElement(node) && Object.keys(node).length === 0) return '';
  throw new S3Error('MalformedXML');
}

function isElement(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}
