import { S3Error } from '../../errors.js';

/** The small readers of a parsed lifecycle document: anything off the schema is MalformedXML. */

export type Element = Record<string, unknown>;

export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** An element whose children are among `allowed` (an empty element is `''` or `{}`). */
export function element(node: unknown, allowed: readonly string[]): Element {
  if (node === '') return {};
  if (!isElement(node)) throw new S3Error('MalformedXML');
  for (const name of Object.keys(node)) if (!allowed.includes(name)) throw new S3Error('MalformedXML');
  return node;
}

/** An element of text only. */
export function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (isElement(node) && Object.keys(node).length === 0) return '';
  throw new S3Error('MalformedXML');
}

/** An xsd:int or xsd:long; anything else does not match S3's schema. */
export function integer(node: unknown): number {
  const value = text(node).trim();
  if (!/^-?[0-9]{1,15}$/.test(value)) throw new S3Error('MalformedXML');
  return Number(value);
}

export function boolean(node: unknown): boolean {
  const value = text(node).trim();
  if (value !== 'true' && value !== 'false') throw new S3Error('MalformedXML');
  return value === 'true';
}

export function invalidArgument(message: string): never {
  throw new S3Error('InvalidArgument', message);
}

export function invalidRequest(message: string): never {
  throw new S3Error('InvalidRequest', message);
}
