import { Readable } from 'node:stream';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlDocument } from '../s3/operation.js';
import { S3Error } from './errors.js';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  suppressEmptyNode: false,
});

/** Renders an operation's XML result with the S3 namespace on the root element. */
export function renderXml(doc: XmlDocument, namespace = true): string {
  const root = namespace ? { '@xmlns': S3_NAMESPACE, ...doc.value } : doc.value;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [doc.root]: root })}`;
}

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

export function parseXml(text: string, arrayTags: readonly string[] = []): Record<string, unknown> {
  if (text.trim() === '' || XMLValidator.validate(text) !== true) throw new S3Error('MalformedXML');
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: false,
    isArray: (name) => arrayTags.includes(name),
  });
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch {
    throw new S3Error('MalformedXML');
  }
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
