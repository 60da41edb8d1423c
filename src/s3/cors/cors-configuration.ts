import { S3Error } from '../../errors.js';
import type { CorsRule } from '../../storage/cors-store.js';

/** The methods a rule may allow: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html */
export const CORS_METHODS: readonly string[] = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

/** S3's limits: 100 rules, a 64 KB document, an ID of 255 characters. */
export const MAX_CORS_RULES = 100;
export const MAX_CORS_BYTES = 64 * 1024;
const MAX_ID_LENGTH = 255;

/** The elements that may repeat, for the XML reader. */
export const CORS_ARRAY_TAGS = [
  'CORSRule',
  'AllowedMethod',
  'AllowedOrigin',
  'AllowedHeader',
  'ExposeHeader',
];

/**
 * A PutBucketCors body (parsed XML) checked as S3 checks it: a document without rules, a rule
 * without an origin or a method, or a bad MaxAgeSeconds is MalformedXML; the rest is
 * InvalidRequest in S3's words.
 */
export function parseCorsConfiguration(doc: Record<string, unknown>): CorsRule[] {
  const config = doc.CORSConfiguration;
  if (!isElement(config) || !Array.isArray(config.CORSRule)) throw new S3Error('MalformedXML');
  const rules = config.CORSRule as unknown[];
  if (rules.length > MAX_CORS_RULES) {
    throw new S3Error(
      'InvalidRequest',
      `The number of CORS rules should not exceed allowed limit of ${MAX_CORS_RULES} rules.`,
    );
  }
  return rules.map(parseRule);
}

function parseRule(node: unknown): CorsRule {
  if (!isElement(node)) throw new S3Error('MalformedXML');
  const rule: CorsRule = {
    allowedMethods: texts(node.AllowedMethod),
    allowedOrigins: texts(node.AllowedOrigin),
    allowedHeaders: texts(node.AllowedHeader),
    exposeHeaders: texts(node.ExposeHeader),
  };
  if (rule.allowedMethods.length === 0 || rule.allowedOrigins.length === 0) throw new S3Error('MalformedXML');
  if (node.ID !== undefined) rule.id = text(node.ID);
  if (node.MaxAgeSeconds !== undefined) rule.maxAgeSeconds = maxAge(node.MaxAgeSeconds);
  check(rule);
  return rule;
}

function check(rule: CorsRule): void {
  for (const method of rule.allowedMethods) {
    if (!CORS_METHODS.includes(method)) {
      invalid(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    }
  }
  for (const origin of rule.allowedOrigins) {
    if (wildcards(origin) > 1) invalid(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
  }
  for (const header of rule.allowedHeaders) {
    if (wildcards(header) > 1) invalid(`AllowedHeader "${header}" can not have more than one wildcard.`);
  }
  for (const header of rule.exposeHeaders) {
    if (header.includes('*')) {
      invalid(
        `ExposeHeader "${header}" contains wildcard. We currently do not support wildcard for ExposeHeader.`,
      );
    }
  }
  if (rule.id !== undefined && rule.id.length > MAX_ID_LENGTH) {
    invalid(`The ID value can be up to ${MAX_ID_LENGTH} characters long. Invalid ID is "${rule.id}"`);
  }
}

/** GetBucketCors: the rules as they were put, each element in the order of S3's answers. */
export function renderCorsConfiguration(rules: readonly CorsRule[]): Record<string, unknown> {
  return {
    CORSRule: rules.map((r) => ({
      ...(r.id !== undefined ? { ID: r.id } : {}),
      ...(r.allowedHeaders.length > 0 ? { AllowedHeader: r.allowedHeaders } : {}),
      AllowedMethod: r.allowedMethods,
      AllowedOrigin: r.allowedOrigins,
      ...(r.exposeHeaders.length > 0 ? { ExposeHeader: r.exposeHeaders } : {}),
      ...(r.maxAgeSeconds !== undefined ? { MaxAgeSeconds: r.maxAgeSeconds } : {}),
    })),
  };
}

function maxAge(node: unknown): number {
  const value = text(node);
  // An integer, as the schema says; S3 refuses anything else as not matching it.
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) > 2_147_483_647) throw new S3Error('MalformedXML');
  return Number(value);
}

function texts(node: unknown): string[] {
  if (node === undefined) return [];
  return (node as unknown[]).map(text);
}

/** An element of text only (`<AllowedMethod/>` is the empty text); an element with children is malformed. */
function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (isElement(node) && Object.keys(node).length === 0) return '';
  throw new S3Error('MalformedXML');
}

function isElement(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function wildcards(value: string): number {
  return value.split('*').length - 1;
}

function invalid(message: string): never {
  throw new S3Error('InvalidRequest', message);
}
