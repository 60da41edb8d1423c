import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../body/xml-body.js';
import { S3Error } from '../../errors.js';
import { fuzz, mutated, s3ErrorOr } from '../../fuzz.fixture.js';
import { parseBucketPolicy } from '../../policy/bucket-policy.js';
import { PolicyError } from '../../policy/policy-error.js';
import { CORS_ARRAY_TAGS, parseCorsConfiguration } from '../cors/cors-configuration.js';
import { requestedParts } from './complete-multipart-parts.js';
import { parseTaggingDocument, TAGGING_ARRAY_TAGS } from './tag-set.js';

/** The element names of the documents below, so random trees often look almost right. */
const NAMES = [
  'CompleteMultipartUpload',
  'Part',
  'PartNumber',
  'ETag',
  'ChecksumCRC32',
  'Tagging',
  'TagSet',
  'Tag',
  'Key',
  'Value',
  'CORSConfiguration',
  'CORSRule',
  'AllowedOrigin',
  'AllowedMethod',
  'AllowedHeader',
  'ExposeHeader',
  'MaxAgeSeconds',
  'ID',
  'Delete',
  'Object',
  'Quiet',
  'VersionId',
  'x',
];
const leafText = fc.oneof(
  fc.constantFrom('', '1', '10000', '-1', '"etag"', 'GET', '*', 'true', '&amp;', '&#x0;', '&bogus;', ' '),
  fc.string({ maxLength: 12 }),
);

/** A random XML tree over NAMES, rendered as text (escaped or not, namespaced or not). */
const xmlTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...NAMES), leafText).map(([n, t]) => `<${n}>${t}</${n}>`),
    fc
      .tuple(fc.constantFrom(...NAMES), fc.array(tie('node'), { maxLength: 4 }), fc.boolean())
      .map(
        ([n, kids, ns]) =>
          `<${n}${ns ? ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"' : ''}>${kids.join('')}</${n}>`,
      ),
  ),
})).node;

const VALID = {
  complete:
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"a"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"b"</ETag></Part></CompleteMultipartUpload>',
  tagging: '<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>',
  cors: '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>10</MaxAgeSeconds></CORSRule></CORSConfiguration>',
};

/** Each action's body parser, from text: parseXml with its array tags, then its own checks. */
const PARSERS: Record<string, (text: string) => unknown> = {
  CompleteMultipartUpload: (text) => requestedParts(parseXml(text, ['Part'])),
  PutObjectTagging: (text) => parseTaggingDocument(parseXml(text, TAGGING_ARRAY_TAGS), 'object'),
  PutBucketTagging: (text) => parseTaggingDocument(parseXml(text, TAGGING_ARRAY_TAGS), 'bucket'),
  PutBucketCors: (text) => parseCorsConfiguration(parseXml(text, CORS_ARRAY_TAGS)),
  DeleteObjects: (text) => parseXml(text, ['Object']),
  PutBucketAcl: (text) => parseXml(text, ['Grant']),
};
const XML_CODES = ['MalformedXML', 'InvalidRequest', 'InvalidArgument', 'InvalidTag', 'BadRequest'];

async function expectParsedOrS3Error(parse: (text: string) => unknown, text: string): Promise<void> {
  const got = await s3ErrorOr(() => parse(text));
  if (got instanceof S3Error) expect(XML_CODES).toContain(got.code);
}

describe('XML request bodies (fuzzed)', () => {
  it('answers a random document tree with a result or an S3 error, for every action', async () => {
    await fuzz(
      'xml random trees',
      fc.record({ text: xmlTree, action: fc.constantFrom(...Object.keys(PARSERS)) }),
      ({ text, action }) => expectParsedOrS3Error(PARSERS[action]!, text),
      { weight: 2 },
    );
  });

  it('answers a mutated valid document with a result or an S3 error', async () => {
    const cases = fc.constantFrom(
      ['CompleteMultipartUpload', VALID.complete],
      ['PutObjectTagging', VALID.tagging],
      ['PutBucketCors', VALID.cors],
    );
    await fuzz(
      'xml mutated documents',
      cases.chain(([action, doc]) =>
        fc.record({ action: fc.constant(action), bytes: mutated(Buffer.from(doc)) }),
      ),
      ({ action, bytes }) => expectParsedOrS3Error(PARSERS[action]!, bytes.toString('utf8')),
      { weight: 2 },
    );
  });

  it('answers arbitrary text (including invalid UTF-8) with an S3 error', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')),
    );
    await fuzz(
      'xml arbitrary text',
      fc.record({ text, action: fc.constantFrom(...Object.keys(PARSERS)) }),
      ({ text, action }) => expectParsedOrS3Error(PARSERS[action]!, text),
    );
  });

  it('parses a deeply nested document in bounded time', async () => {
    await fuzz(
      'xml deep nesting',
      fc.integer({ min: 1, max: 5000 }),
      (depth) =>
        expectParsedOrS3Error(PARSERS.DeleteObjects!, `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`),
      { weight: 0.1, caseTimeoutMs: 2000 },
    );
  });
});

describe('bucket policy JSON (fuzzed)', () => {
  const VALID_POLICY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
  });

  async function expectPolicyOrPolicyError(text: string): Promise<void> {
    try {
      parseBucketPolicy(text, 'b');
    } catch (err) {
      if (!(err instanceof PolicyError)) throw new Error(`threw ${String(err)}`, { cause: err });
    }
  }

  it('answers arbitrary JSON with a policy or a PolicyError (MalformedPolicy)', async () => {
    await fuzz(
      'policy arbitrary json',
      fc.oneof(fc.json(), fc.string({ maxLength: 100 })),
      expectPolicyOrPolicyError,
      {
        weight: 2,
      },
    );
  });

  it('answers a mutated valid policy with a policy or a PolicyError', async () => {
    await fuzz('policy mutated', mutated(Buffer.from(VALID_POLICY)), (bytes) =>
      expectPolicyOrPolicyError(bytes.toString('utf8')),
    );
  });

  it('answers random statement shapes with a policy or a PolicyError', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const statement = fc.dictionary(
      fc.constantFrom(
        'Sid',
        'Effect',
        'Principal',
        'NotPrincipal',
        'Action',
        'NotAction',
        'Resource',
        'NotResource',
        'Condition',
      ),
      fc.oneof(
        value,
        fc.constantFrom(
          'Allow',
          'Deny',
          '*',
          's3:*',
          'arn:aws:s3:::b/*',
          { AWS: '*' },
          { StringEquals: { 'aws:SourceIp': '1.2.3.4' } },
        ),
      ),
    );
    await fuzz(
      'policy random statements',
      fc.array(statement, { maxLength: 3 }),
      (statements) =>
        expectPolicyOrPolicyError(JSON.stringify({ Version: '2012-10-17', Statement: statements })),
      { weight: 2 },
    );
  });
});
