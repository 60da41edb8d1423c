import { describe, expect, it } from 'vitest';
import * as ex from './aws-examples.fixture.js';
import { parseRawQuery } from './canonical-request.js';
import { signaturesMatchV2, signatureV2, stringToSignV2 } from './signature-v2.js';

/**
 * The examples of "Signing and authenticating REST requests (AWS signature version 2)"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html#RESTAuthenticationExamples),
 * with their published strings to sign and signatures. Its DELETE example is left out: the
 * published signature is that of a string to sign other than the one printed beside it.
 */
interface Example {
  name: string;
  method: string;
  url: string;
  rawHeaders: string[];
  virtualHostBucket?: string;
  dateLine: string;
  toSign: string;
  signature: string;
}

const EXAMPLES: Example[] = [
  {
    name: 'Object GET (virtual-hosted johnsmith)',
    method: 'GET',
    url: '/photos/puppy.jpg',
    rawHeaders: ex.raw({ Host: 'johnsmith.s3.amazonaws.com', Date: 'Tue, 27 Mar 2007 19:36:42 +0000' }),
    virtualHostBucket: 'johnsmith',
    dateLine: 'Tue, 27 Mar 2007 19:36:42 +0000',
    toSign: 'GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg',
    signature: 'bWq2s1WEIj+Ydj0vQ697zp+IXMU=',
  },
  {
    name: 'Object PUT with a Content-Type',
    method: 'PUT',
    url: '/photos/puppy.jpg',
    rawHeaders: ex.raw({
      'Content-Type': 'image/jpeg',
      'Content-Length': '94328',
      Host: 'johnsmith.s3.amazonaws.com',
      Date: 'Tue, 27 Mar 2007 21:15:45 +0000',
    }),
    virtualHostBucket: 'johnsmith',
    dateLine: 'Tue, 27 Mar 2007 21:15:45 +0000',
    toSign: 'PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/johnsmith/photos/puppy.jpg',
    signature: 'MyyxeRY7whkBe+bq8fHCL/2kKUg=',
  },
  {
    name: 'List: prefix, max-keys and marker are not sub-resources',
    method: 'GET',
    url: '/?prefix=photos&max-keys=50&marker=puppy',
    rawHeaders: ex.raw({
      'User-Agent': 'Mozilla/5.0',
      Host: 'johnsmith.s3.amazonaws.com',
      Date: 'Tue, 27 Mar 2007 19:42:41 +0000',
    }),
    virtualHostBucket: 'johnsmith',
    dateLine: 'Tue, 27 Mar 2007 19:42:41 +0000',
    toSign: 'GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/',
    signature: 'htDYFYduRNen8P9ZfE/s9SuKy0U=',
  },
  {
    name: 'Fetch: the acl sub-resource is signed',
    method: 'GET',
    url: '/?acl',
    rawHeaders: ex.raw({ Host: 'johnsmith.s3.amazonaws.com', Date: 'Tue, 27 Mar 2007 19:44:46 +0000' }),
    virtualHostBucket: 'johnsmith',
    dateLine: 'Tue, 27 Mar 2007 19:44:46 +0000',
    toSign: 'GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/johnsmith/?acl',
    signature: 'c2WLPFtWHVgbEmeEG93a4cG37dM=',
  },
  {
    name: 'Upload: Content-MD5, x-amz-* sorted and lower-cased, a repeated header joined by ","',
    method: 'PUT',
    url: '/db-backup.dat.gz',
    rawHeaders: [
      'User-Agent',
      'curl/7.15.5',
      'Host',
      'static.johnsmith.net:8080',
      'Date',
      'Tue, 27 Mar 2007 21:06:08 +0000',
      'x-amz-acl',
      'public-read',
      'content-type',
      'application/x-download',
      'Content-MD5',
      '4gJE4saaMU4BqNR0kLY+lw==',
      'X-Amz-Meta-ReviewedBy',
      'joe@johnsmith.net',
      'X-Amz-Meta-ReviewedBy',
      'jane@johnsmith.net',
      'X-Amz-Meta-FileChecksum',
      '0x02661779',
      'X-Amz-Meta-ChecksumAlgorithm',
      'crc32',
      'Content-Disposition',
      'attachment; filename=database.dat',
      'Content-Encoding',
      'gzip',
      'Content-Length',
      '5913339',
    ],
    virtualHostBucket: 'static.johnsmith.net',
    dateLine: 'Tue, 27 Mar 2007 21:06:08 +0000',
    toSign:
      'PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n' +
      'x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n' +
      'x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/static.johnsmith.net/db-backup.dat.gz',
    signature: 'ilyl83RwaSoYIEdixDQcA4OnAnc=',
  },
  {
    name: 'List all my buckets',
    method: 'GET',
    url: '/',
    rawHeaders: ex.raw({ Host: 's3.amazonaws.com', Date: 'Wed, 28 Mar 2007 01:29:59 +0000' }),
    dateLine: 'Wed, 28 Mar 2007 01:29:59 +0000',
    toSign: 'GET\n\n\nWed, 28 Mar 2007 01:29:59 +0000\n/',
    signature: 'qGdzdERIC03wnaRNKh6OqZehG9s=',
  },
  {
    name: 'Unicode keys: the path is signed as sent, escapes and their case kept',
    method: 'GET',
    url: '/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re',
    rawHeaders: ex.raw({ Host: 's3.amazonaws.com', Date: 'Wed, 28 Mar 2007 01:49:49 +0000' }),
    dateLine: 'Wed, 28 Mar 2007 01:49:49 +0000',
    toSign: 'GET\n\n\nWed, 28 Mar 2007 01:49:49 +0000\n/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re',
    signature: 'DNEZGsoieTZ92F3bUfSPQcbGmlM=',
  },
  {
    name: 'Query string authentication: Expires replaces Date, auth parameters are unsigned',
    method: 'GET',
    url: '/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620',
    rawHeaders: ex.raw({ Host: 'johnsmith.s3.amazonaws.com' }),
    virtualHostBucket: 'johnsmith',
    dateLine: '1175139620',
    toSign: 'GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg',
    signature: 'NpgCjnDzrM+WFzoENXmpNDUsSn8=',
  },
];

function toSignOf(example: Example): string {
  const q = example.url.indexOf('?');
  return stringToSignV2({
    method: example.method,
    rawPath: q === -1 ? example.url : example.url.slice(0, q),
    query: parseRawQuery(q === -1 ? '' : example.url.slice(q + 1)),
    rawHeaders: example.rawHeaders,
    virtualHostBucket: example.virtualHostBucket,
    dateLine: example.dateLine,
  });
}

describe('SigV2 string to sign and signature: AWS published examples', () => {
  it.each(EXAMPLES)('$name', (example) => {
    const toSign = toSignOf(example);
    expect(toSign).toBe(example.toSign);
    expect(signatureV2(ex.EXAMPLE_SECRET, toSign)).toBe(example.signature);
  });
});

describe('SigV2 canonicalization beyond the examples', () => {
  const base = { method: 'GET', rawPath: '/b/k', rawHeaders: ex.raw({ Host: 'h' }), dateLine: 'D' };

  it('sorts sub-resources by name, keeps their decoded values and drops other parameters', () => {
    const query = parseRawQuery('uploadId=a%2Fb&max-parts=5&partNumber=1&response-content-type=text%2Fplain');
    expect(stringToSignV2({ ...base, query, virtualHostBucket: undefined })).toBe(
      'GET\n\n\nD\n/b/k?partNumber=1&response-content-type=text/plain&uploadId=a/b',
    );
  });

  it('signs a bare sub-resource without "=" and the bucket of a virtual host', () => {
    const query = parseRawQuery('uploads');
    expect(stringToSignV2({ ...base, rawPath: '/k', query, virtualHostBucket: 'b' })).toBe(
      'GET\n\n\nD\n/b/k?uploads',
    );
  });

  it('trims x-amz-* values and collapses folded whitespace', () => {
    const rawHeaders = ['X-Amz-Meta-A', '  one  ', 'x-amz-meta-a', 'two\r\n  three', 'Host', 'h'];
    expect(stringToSignV2({ ...base, rawHeaders, query: [], virtualHostBucket: undefined })).toBe(
      'GET\n\n\nD\nx-amz-meta-a:one,two three\n/b/k',
    );
  });
});

describe('signaturesMatchV2', () => {
  it('accepts only the identical signature, whatever the length of the other', () => {
    expect(signaturesMatchV2('bWq2s1WEIj+Ydj0vQ697zp+IXMU=', 'bWq2s1WEIj+Ydj0vQ697zp+IXMU=')).toBe(true);
    expect(signaturesMatchV2('bWq2s1WEIj+Ydj0vQ697zp+IXMU=', 'bWq2s1WEIj+Ydj0vQ697zp+IXMu=')).toBe(false);
    expect(signaturesMatchV2('bWq2s1WEIj+Ydj0vQ697zp+IXMU=', 'bWq2')).toBe(false);
    expect(signaturesMatchV2('bWq2s1WEIj+Ydj0vQ697zp+IXMU=', '')).toBe(false);
  });
});
