import { Readable } from 'node:stream';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from '../errors.js';

/** Default cap for request XML bodies (CompleteMultipartUpload with 10,000 parts fits). */
export const MAX_XML_BODY = 2 * 1024 * 1024;

/** Reads a small XML request body with a byte cap, then parses it; anything malformed is MalformedXML. */
export async function readXmlBody(
  body: AsyncIterable<Buffer>,
  arrayTags: readonly string[] = [],
  maxBytes = MAX_XML_BODY,
): Promise<Record<string, unknown>> {
  const text = await readCapped(body, maxBytes);
  return parseXml(text, arrayTags);
}

/**
 * Parses a request body. Text is kept exactly as sent (S3 keys may be or end in spaces) and its
 * entity and character references are decoded; a document type declaration (the door to entity
 * expansion bombs) or an undefined entity is MalformedXML.
 */
export function parseXml(text: string, arrayTags: readonly string[] = []): Record<string, unknown> {
  if (text.trim() === '' || /<!DOCTYPE|<!ENTITY/i.test(text) || XMLValidator.validate(text) !== true) {
    throw new S3Error('MalformedXML');
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    // fast-xml-parser decodes the five predefined entities but not &#NN; / &#xHH; (its htmlEntities
    // option would also decode HTML names such as &nbsp;, which XML does not define): decoded here.
    processEntities: false,
    tagValueProcessor: (_name, value) => decodeReferences(value),
    isArray: (name) => arrayTags.includes(name),
  });
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    if (err instanceof S3Error) throw err;
    throw new S3Error('MalformedXML');
  }
  return dropIndentation(doc) as Record<string, unknown>;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass over `&...;` references, so `&amp;lt;` stays `&lt;` (it is never decoded twice). */
export function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new S3Error('MalformedXML');
    if (PREDEFINED[name] !== undefined) return PREDEFINED[name];
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    const code = m ? Number.parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : Number.NaN;
    if (!isXmlChar(code)) throw new S3Error('MalformedXML');
    return String.fromCodePoint(code);
  });
}

/** XML 1.0's Char production: what a character reference may name. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** With values untrimmed, the whitespace between child elements shows up as `#text`: dropped. */
function dropIndentation(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropIndentation);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(node)) {
    if (name === '#text' && typeof value === 'string' && value.trim() === '') continue;
    out[name] = dropIndentation(value);
  }
  return out;
}

export async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  // Leaving a for-await early destroys a Readable; for a request that kills the socket before the
  // EntityTooLarge response is sent. The HTTP layer closes the connection after answering instead.
  const source = body instanceof Readable ? body.iterator({ destroyOnReturn: false }) : body;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new S3Error('EntityTooLarge', `The request body exceeds ${maxBytes} bytes.`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
