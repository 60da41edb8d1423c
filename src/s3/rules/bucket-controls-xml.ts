import { S3Error } from '../../errors.js';
import {
  OBJECT_OWNERSHIPS,
  type ObjectOwnership,
  type PublicAccessBlock,
} from '../../storage/bucket-controls-store.js';
import type { S3Request } from '../action.js';
import { readRequestXml } from './request-xml.js';

const MAX_BYTES = 64 * 1024;

/** The four flags in the order S3 writes them. */
const FLAGS: readonly [element: string, field: keyof PublicAccessBlock][] = [
  ['BlockPublicAcls', 'blockPublicAcls'],
  ['IgnorePublicAcls', 'ignorePublicAcls'],
  ['BlockPublicPolicy', 'blockPublicPolicy'],
  ['RestrictPublicBuckets', 'restrictPublicBuckets'],
];

/**
 * PutPublicAccessBlock's body: `<PublicAccessBlockConfiguration>` with any of the four flags; a
 * flag left out is false, a value other than true/false or another element is MalformedXML.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
 */
export async function readPublicAccessBlock(req: S3Request): Promise<PublicAccessBlock> {
  const doc = await readRequestXml(req, [], MAX_BYTES);
  const config = record(doc.PublicAccessBlockConfiguration, true);
  const known = new Set(FLAGS.map(([element]) => element));
  if (Object.keys(config).some((name) => !known.has(name))) throw new S3Error('MalformedXML');
  const block = {} as PublicAccessBlock;
  for (const [element, field] of FLAGS) block[field] = flag(config[element]);
  return block;
}

function flag(value: unknown): boolean {
  if (value === undefined) return false;
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if (text !== 'true' && text !== 'false') throw new S3Error('MalformedXML');
  return text === 'true';
}

/** GetPublicAccessBlock's document. */
export function publicAccessBlockXml(block: PublicAccessBlock) {
  return {
    root: 'PublicAccessBlockConfiguration',
    value: Object.fromEntries(FLAGS.map(([element, field]) => [element, block[field]])),
  };
}

/**
 * PutBucketOwnershipControls' body: `<OwnershipControls><Rule><ObjectOwnership>` with exactly one
 * rule and one of the three settings; anything else is MalformedXML.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketOwnershipControls.html
 */
export async function readOwnershipControls(req: S3Request): Promise<ObjectOwnership> {
  const doc = await readRequestXml(req, ['Rule'], MAX_BYTES);
  const controls = record(doc.OwnershipControls, false);
  const rules = controls.Rule;
  if (!Array.isArray(rules) || rules.length !== 1 || Object.keys(controls).length !== 1) {
    throw new S3Error('MalformedXML');
  }
  const rule = record(rules[0], false);
  const value = rule.ObjectOwnership;
  if (Object.keys(rule).length !== 1 || !isObjectOwnership(value)) throw new S3Error('MalformedXML');
  return value;
}

/** GetBucketOwnershipControls' document. */
export function ownershipControlsXml(ownership: ObjectOwnership) {
  return { root: 'OwnershipControls', value: { Rule: { ObjectOwnership: ownership } } };
}

export function isObjectOwnership(value: unknown): value is ObjectOwnership {
  return typeof value === 'string' && (OBJECT_OWNERSHIPS as readonly string[]).includes(value);
}

/** An element's children; an empty element (`<X/>`, read as '') has none when `emptyIsNone`. */
function record(value: unknown, emptyIsNone: boolean): Record<string, unknown> {
  if (emptyIsNone && value === '') return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new S3Error('MalformedXML');
  return value as Record<string, unknown>;
}
