import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalUri, parseRawQuery } from '../auth/canonical-request.js';
import { encodeKey } from '../auth/smithy-signer.fixture.js';
import { percentDecode, uriEncode } from '../auth/uri-encoding.js';
import { S3Error } from '../errors.js';
import { fuzz, s3ErrorOr } from '../fuzz.fixture.js';
import { MAX_KEY_BYTES, parseQuery, parseRequestTarget } from './request-target.js';

const TARGET_CODES = ['InvalidRequest', 'KeyTooLongError', 'InvalidArgument'];
/** Keys of any Unicode (whole code points: a key is UTF-8), biased towards path tricks. */
const key = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom('..', '.', '/', '//', '%2F', '\\', 'a', '+', ' ', '\0'),
    minLength: 1,
    maxLength: 20,
  }),
);
/** URL text as a hostile client may send it: raw bytes read as latin1, broken escapes included. */
const rawUrlText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom('%', 'e', '2', 'F', 'C3', '28', 'ff', '/', '?', '&', '=', '+', 'a', '.'),
    maxLength: 40,
  }),
);

describe('request target and keys (fuzzed)', () => {
  it('decodes every key the AWS SDK encodes back to the same key', async () => {
    await fuzz(
      'key round-trip',
      key,
      (k) => {
        const got = parseRequestTarget(`/bucket/${encodeKey(k)}`, 'localhost', undefined);
        expect(got.bucket).toBe('bucket');
        expect(got.key).toBe(k);
      },
      { weight: 3 },
    );
  });

  it('refuses a key over 1,024 UTF-8 bytes with KeyTooLongError, and takes one at the limit', async () => {
    await fuzz(
      'key length limit',
      fc.record({ unit: fc.constantFrom('a', 'é', '日', '😀'), extra: fc.integer({ min: -3, max: 3 }) }),
      async ({ unit, extra }) => {
        const units = Math.floor(MAX_KEY_BYTES / Buffer.byteLength(unit)) + extra;
        const k = unit.repeat(Math.max(1, units));
        const got = await s3ErrorOr(() => parseRequestTarget(`/b/${encodeKey(k)}`, undefined, undefined));
        if (Buffer.byteLength(k) > MAX_KEY_BYTES) expect((got as S3Error).code).toBe('KeyTooLongError');
        else expect(got).toMatchObject({ key: k });
      },
      { weight: 0.2 },
    );
  });

  it('answers any raw URL (invalid UTF-8 escapes included) with a target or an S3 error', async () => {
    await fuzz(
      'request target arbitrary',
      fc.record({ url: rawUrlText, vhost: fc.boolean() }),
      async ({ url, vhost }) => {
        const got = await s3ErrorOr(() =>
          parseRequestTarget(`/${url}`, vhost ? 'b.s3.local' : 'localhost', vhost ? 's3.local' : undefined),
        );
        if (got instanceof S3Error) expect(TARGET_CODES).toContain(got.code);
        else if (got.key !== undefined) expect(Buffer.byteLength(got.key)).toBeLessThanOrEqual(MAX_KEY_BYTES);
        const query = await s3ErrorOr(() => parseQuery(url));
        if (query instanceof S3Error) expect(query.code).toBe('InvalidRequest');
      },
      { weight: 3 },
    );
  });

  it('canonicalises any raw path and query for SigV4 without throwing anything but an S3 error', async () => {
    await fuzz(
      'sigv4 canonical uri/query arbitrary',
      rawUrlText,
      async (text) => {
        const uri = await s3ErrorOr(() => canonicalUri(`/${text}`));
        if (uri instanceof S3Error) expect(TARGET_CODES).toContain(uri.code);
        const query = await s3ErrorOr(() => canonicalQuery(parseRawQuery(text)));
        if (query instanceof S3Error) expect(TARGET_CODES).toContain(query.code);
      },
      { weight: 3 },
    );
  });

  it('percent-decodes what uriEncode encodes, for any bytes', async () => {
    await fuzz(
      'uri encoding round-trip',
      fc.uint8Array({ maxLength: 64 }),
      (bytes) => {
        expect(percentDecode(uriEncode(bytes), false).equals(Buffer.from(bytes))).toBe(true);
      },
      { weight: 3 },
    );
  });
});
