import { describe, expect, it } from 'vitest';
import { S3Error } from '../errors.js';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
  parseRawQuery,
  parseSignedHeaders,
} from './canonical-request.js';

describe('canonicalUri', () => {
  it('keeps double slashes, dot segments and a trailing slash (S3 never normalises)', () => {
    expect(canonicalUri('/b/a//c/./../d/')).toBe('/b/a//c/./../d/');
  });

  it('re-encodes with uppercase hex whatever escaping the client chose', () => {
    expect(canonicalUri('/b/%e2%82%ac%20x')).toBe('/b/%E2%82%AC%20x');
    expect(canonicalUri('/b/it$s!')).toBe(canonicalUri('/b/it%24s%21'));
    expect(canonicalUri('/b/it$s!')).toBe('/b/it%24s%21');
  });

  it('keeps an encoded slash encoded and a plus as a plus, never as "/" or space', () => {
    expect(canonicalUri('/b/a%2Fb')).toBe('/b/a%2Fb');
    expect(canonicalUri('/b/a%2fb/')).toBe('/b/a%2Fb/');
    expect(canonicalUri('/b/a+b')).toBe('/b/a%2Bb');
  });

  it('leaves unreserved characters alone even when the client escaped them', () => {
    expect(canonicalUri('/b/%41-_.~')).toBe('/b/A-_.~');
  });

  it('maps an empty path to "/"', () => {
    expect(canonicalUri('')).toBe('/');
  });

  it('rejects a broken percent escape with an S3Error', () => {
    expect(() => canonicalUri('/b/%zz')).toThrow(S3Error);
    expect(() => canonicalUri('/b/%4')).toThrow(S3Error);
  });
});

describe('canonicalQuery', () => {
  it('sorts by key then value, and gives valueless parameters an empty value', () => {
    const query = parseRawQuery('uploads&prefix=b&prefix=a&acl=&x-id=PutObject');
    expect(canonicalQuery(query)).toBe('acl=&prefix=a&prefix=b&uploads=&x-id=PutObject');
  });

  it('decodes then RFC 3986-encodes keys and values, reading a raw "+" as a space', () => {
    const query = parseRawQuery('prefix=a+b%2Bc%7e&k%20y=%2f');
    expect(query.map((p) => [p.key, p.value])).toEqual([
      ['prefix', 'a b+c~'],
      ['k y', '/'],
    ]);
    expect(canonicalQuery(query)).toBe('k%20y=%2F&prefix=a%20b%2Bc~');
  });

  it('sorts by encoded bytes (uppercase before lowercase)', () => {
    expect(canonicalQuery(parseRawQuery('b=1&B=2&a=3'))).toBe('B=2&a=3&b=1');
  });

  it('leaves out the excluded parameter (X-Amz-Signature of presigned URLs)', () => {
    const query = parseRawQuery('X-Amz-Signature=abc&X-Amz-Date=1');
    expect(canonicalQuery(query, 'X-Amz-Signature')).toBe('X-Amz-Date=1');
  });

  it('ignores empty pairs from "&&"', () => {
    expect(canonicalQuery(parseRawQuery('&a=1&&b&'))).toBe('a=1&b=');
  });
});

describe('canonicalHeaders', () => {
  it('lowercases, trims, collapses inner whitespace and joins duplicates with ","', () => {
    const raw = ['Host', 'example.com:9000', 'X-Amz-Meta-A', '  one   two ', 'x-amz-meta-a', 'three\t four'];
    expect(canonicalHeaders(raw, ['host', 'x-amz-meta-a'])).toBe(
      'host:example.com:9000\nx-amz-meta-a:one two,three four\n',
    );
  });

  /** A value as Node hands it over: each byte of its UTF-8 as one latin1 character. */
  const wire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

  it('reads UTF-8 header bytes as the text the client signed, 0xA0 bytes inside characters included', () => {
    const raw = ['Host', 'h', 'X-Amz-Meta-A', wire('café ☕ à † 日本')];
    expect(canonicalHeaders(raw, ['host', 'x-amz-meta-a'])).toBe('host:h\nx-amz-meta-a:café ☕ à † 日本\n');
  });

  it('keeps a leading byte order mark, which is part of the signed value', () => {
    const raw = ['Host', 'h', 'X-Amz-Meta-A', wire('\ufeffé')];
    expect(canonicalHeaders(raw, ['host', 'x-amz-meta-a'])).toBe('host:h\nx-amz-meta-a:\ufeffé\n');
  });

  it('reads bytes that are not UTF-8 as latin1 text, as Node writes a lone header', () => {
    const raw = ['Host', 'h', 'X-Amz-Meta-A', 'caf\xe9 cr\xe8me'];
    expect(canonicalHeaders(raw, ['host', 'x-amz-meta-a'])).toBe('host:h\nx-amz-meta-a:café crème\n');
  });

  it('collapses and trims only spaces and tabs, as the SDK signer does, keeping other whitespace', () => {
    const raw = ['Host', 'h', 'X-Amz-Meta-A', wire(' \t\u00a0a \t b\u3000\u00a0 ')];
    expect(canonicalHeaders(raw, ['host', 'x-amz-meta-a'])).toBe(
      'host:h\nx-amz-meta-a:\u00a0a b\u3000\u00a0\n',
    );
  });

  it('treats a signed header that is absent as a signature mismatch', () => {
    expect(() => canonicalHeaders(['Host', 'h'], ['host', 'x-amz-date'])).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch' }),
    );
  });
});

describe('parseSignedHeaders', () => {
  it('requires host and non-empty names', () => {
    expect(parseSignedHeaders('host;x-amz-date')).toEqual(['host', 'x-amz-date']);
    expect(parseSignedHeaders('x-amz-date')).toBeUndefined();
    expect(parseSignedHeaders('host;;x-amz-date')).toBeUndefined();
  });
});
