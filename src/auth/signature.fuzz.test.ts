import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3Error } from '../errors.js';
import { fuzz, s3ErrorOr } from '../fuzz.fixture.js';
import { authenticate } from './authenticate.js';
import * as ex from './aws-examples.fixture.js';
import { encodeKey, NOW, sdkLookup, sdkRequest, sdkSigner, toInput } from './smithy-signer.fixture.js';

/** Keys of any Unicode, biased towards what breaks canonicalisation: `/`, `%`, `+`, spaces, dots. */
const key = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(..."a/%+ .~!*'()=&?#ü日"), minLength: 1, maxLength: 30 }),
);
const text = fc.string({ unit: fc.constantFrom(...'aZ09 +/%=&?ü-_.~*!\t'), maxLength: 20 });
const queryName = fc.string({ unit: fc.constantFrom(...'abcxyz-_.~+% ü'), minLength: 1, maxLength: 10 });
const query = fc.dictionary(queryName, fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })), {
  maxKeys: 4,
});
/** x-amz-meta-* values with runs of inner spaces and tabs, which the canonical form collapses. */
const metaValue = fc.string({ unit: fc.constantFrom(...'ab  \t09-,;:'), maxLength: 20 }).map((v) => `v${v}v`);
const metadata = fc.dictionary(fc.stringMatching(/^[a-z0-9-]{1,12}$/), metaValue, { maxKeys: 3 });

const ACCEPTED_REJECTIONS = [
  'AccessDenied',
  'AuthorizationHeaderMalformed',
  'AuthorizationQueryParametersError',
  'InvalidAccessKeyId',
  'InvalidArgument',
  'InvalidRequest',
  'MissingSecurityHeader',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
];

describe('SigV4 canonical request (fuzzed against the AWS SDK signer)', () => {
  it('accepts every request @smithy/signature-v4 signs: any key, query and x-amz-meta-* headers', async () => {
    await fuzz(
      'sigv4 vs smithy signer',
      fc.record({ key, query, metadata, method: fc.constantFrom('GET', 'PUT', 'DELETE', 'HEAD') }),
      async ({ key, query, metadata, method }) => {
        const headers = Object.fromEntries(Object.entries(metadata).map(([n, v]) => [`x-amz-meta-${n}`, v]));
        const request = sdkRequest(method, `/bucket/${encodeKey(key)}`, headers, query);
        const input = toInput(await sdkSigner().sign(request, { signingDate: NOW }));
        const context = await authenticate(input, sdkLookup);
        expect(context.principal).toBe('sdk-user');
      },
      { weight: 1 },
    );
  });

  it('refuses a signed request whose key was changed by one character', async () => {
    await fuzz(
      'sigv4 tampered key',
      fc.record({ key, extra: fc.constantFrom('x', '%20', '/', '~') }),
      async ({ key, extra }) => {
        const request = sdkRequest('GET', `/bucket/${encodeKey(key)}`);
        const input = toInput(await sdkSigner().sign(request, { signingDate: NOW }));
        const got = await s3ErrorOr(() =>
          authenticate({ ...input, rawPath: `${input.rawPath}${extra}` }, sdkLookup),
        );
        expect(got).toBeInstanceOf(S3Error);
        expect((got as S3Error).code).toBe('SignatureDoesNotMatch');
      },
      { weight: 0.5 },
    );
  });

  it('answers an arbitrary Authorization header or presigned query with an S3 error', async () => {
    const authorization = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .tuple(fc.string({ maxLength: 60 }), fc.string({ maxLength: 30 }), fc.string({ maxLength: 70 }))
        .map(
          ([cred, signed, sig]) =>
            `AWS4-HMAC-SHA256 Credential=${cred}, SignedHeaders=${signed}, Signature=${sig}`,
        ),
      fc.string({ maxLength: 60 }).map((s) => `AWS ${s}`),
    );
    const rawQuery = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc
        .tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 10 }))
        .map(
          ([cred, date, expires]) =>
            `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${cred}&X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=00`,
        ),
      fc.string({ maxLength: 40 }).map((s) => `AWSAccessKeyId=${s}&Expires=${s}&Signature=${s}`),
    );
    await fuzz(
      'sigv4/v2 arbitrary auth input',
      fc.record({
        authorization: fc.option(authorization, { nil: undefined }),
        rawQuery,
        amzDate: fc.string({ maxLength: 20 }),
      }),
      async ({ authorization, rawQuery, amzDate }) => {
        const rawHeaders = ['host', 'localhost', 'x-amz-date', amzDate];
        if (authorization !== undefined) rawHeaders.push('authorization', authorization);
        const got = await s3ErrorOr(() =>
          authenticate({ method: 'GET', rawPath: '/bucket/key', rawQuery, rawHeaders, now: NOW }, sdkLookup),
        );
        if (got instanceof S3Error) expect(ACCEPTED_REJECTIONS).toContain(got.code);
      },
      { weight: 3 },
    );
  });
});

/** SigV2's string to sign, written from AWS's RESTAuthentication page (the positional headers and x-amz-*). */
function referenceStringToSign(
  method: string,
  resource: string,
  date: string,
  amz: Record<string, string>,
): string {
  const amzLines = Object.keys(amz)
    .map((n) => n.toLowerCase())
    .sort()
    .map((n) => `${n}:${amz[n]!.trim()}\n`)
    .join('');
  return `${method}\n\n\n${date}\n${amzLines}${resource}`;
}

describe('SigV2 string to sign (fuzzed against a reference)', () => {
  const DATE = 'Tue, 27 Mar 2007 19:36:42 +0000';
  const now = new Date('2007-03-27T19:36:42Z');

  it('accepts a header-signed request of any key, x-amz-* headers and sub-resource', async () => {
    const amz = fc.dictionary(
      fc.stringMatching(/^x-amz-meta-[a-z0-9]{1,8}$/),
      fc.stringMatching(/^[ -~]{0,16}$/),
      {
        maxKeys: 3,
      },
    );
    const subResource = fc.constantFrom(
      '',
      'acl',
      'tagging',
      'uploads',
      'versionId=3/L4kqtJl',
      'uploadId=a%2Bb',
    );
    await fuzz(
      'sigv2 vs reference',
      fc.record({ key, amz, subResource, method: fc.constantFrom('GET', 'PUT', 'DELETE') }),
      async ({ key, amz, subResource, method }) => {
        const rawPath = `/bucket/${encodeKey(key)}`;
        // Sub-resource values are signed as sent (percent-decoded), per botocore's HmacV1Auth.
        const resource = subResource === '' ? rawPath : `${rawPath}?${decodeURIComponent(subResource)}`;
        const toSign = referenceStringToSign(method, resource, DATE, amz);
        const signature = createHmac('sha1', ex.EXAMPLE_SECRET).update(toSign, 'utf8').digest('base64');
        const rawHeaders = ex.raw({
          Host: 'localhost',
          Date: DATE,
          ...amz,
          Authorization: `AWS ${ex.EXAMPLE_ACCESS_KEY}:${signature}`,
        });
        const context = await authenticate(
          { method, rawPath, rawQuery: subResource, rawHeaders, now },
          ex.exampleLookup,
        );
        expect(context.accessKeyId).toBe(ex.EXAMPLE_ACCESS_KEY);
      },
    );
  });
});
