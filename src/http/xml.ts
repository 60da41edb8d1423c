import { XMLBuilder } from 'fast-xml-parser';
import type { XmlDocument } from '../s3/action.js';

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
