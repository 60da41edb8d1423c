/**
 * AWS's published SigV4 examples for S3 (Signature Version 4 "Examples" pages and the streaming
 * upload examples), shared by the tests of several modules.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
export const EXAMPLE_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const EXAMPLE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const EXAMPLE_AMZ_DATE = '20130524T000000Z';
export const EXAMPLE_NOW = new Date('2013-05-24T00:00:00Z');
export const EXAMPLE_SCOPE = '20130524/us-east-1/s3/aws4_request';
export const EXAMPLE_CREDENTIAL = `${EXAMPLE_ACCESS_KEY}/${EXAMPLE_SCOPE}`;

export const exampleLookup = async (accessKeyId: string) =>
  accessKeyId === EXAMPLE_ACCESS_KEY
    ? { secretAccessKey: EXAMPLE_SECRET, principal: 'example-user' }
    : undefined;

/** Builds a Node-style rawHeaders array from pairs. */
export function raw(headers: Record<string, string>): string[] {
  return Object.entries(headers).flat();
}

/** "Example: GET Object" (Range). */
export const GET_OBJECT = {
  method: 'GET',
  rawPath: '/test.txt',
  rawQuery: '',
  headers: {
    Host: 'examplebucket.s3.amazonaws.com',
    Range: 'bytes=0-9',
    'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-amz-date': EXAMPLE_AMZ_DATE,
  },
  signedHeaders: 'host;range;x-amz-content-sha256;x-amz-date',
  signature: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
};

/** "Example: PUT Object" (Date header, `$` in the key). */
export const PUT_OBJECT = {
  method: 'PUT',
  rawPath: '/test%24file.text',
  rawQuery: '',
  headers: {
    Host: 'examplebucket.s3.amazonaws.com',
    Date: 'Fri, 24 May 2013 00:00:00 GMT',
    'x-amz-date': EXAMPLE_AMZ_DATE,
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
  },
  signedHeaders: 'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
  signature: '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
  body: 'Welcome to Amazon S3.',
};

/** "Example: GET Bucket Lifecycle" (valueless query parameter). */
export const GET_LIFECYCLE = {
  method: 'GET',
  rawPath: '/',
  rawQuery: 'lifecycle',
  headers: {
    Host: 'examplebucket.s3.amazonaws.com',
    'x-amz-date': EXAMPLE_AMZ_DATE,
    'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  signedHeaders: 'host;x-amz-content-sha256;x-amz-date',
  signature: 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
};

/** "Example: Get Bucket (List Objects)" (query sorted by key). */
export const LIST_OBJECTS = {
  method: 'GET',
  rawPath: '/',
  rawQuery: 'max-keys=2&prefix=J',
  headers: {
    Host: 'examplebucket.s3.amazonaws.com',
    'x-amz-date': EXAMPLE_AMZ_DATE,
    'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  signedHeaders: 'host;x-amz-content-sha256;x-amz-date',
  signature: '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
};

/** Query-string auth example: presigned GET of /test.txt valid for 86400 s. */
export const PRESIGNED_GET = {
  method: 'GET',
  rawPath: '/test.txt',
  rawQuery:
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
    '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
  headers: { Host: 'examplebucket.s3.amazonaws.com' },
};

/** "Example: PUT Object" with STREAMING-AWS4-HMAC-SHA256-PAYLOAD: 65536 + 1024 bytes of 'a'. */
export const STREAMING_PUT = {
  method: 'PUT',
  rawPath: '/examplebucket/chunkObject.txt',
  rawQuery: '',
  headers: {
    Host: 's3.amazonaws.com',
    'x-amz-date': EXAMPLE_AMZ_DATE,
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'Content-Encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
    'Content-Length': '66824',
  },
  signedHeaders:
    'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
  seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunkSizes: [65536, 1024, 0],
  chunkSignatures: [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ],
};

/** Trailer vector of the "sigv4-streaming-trailers" example: signature of the 0-size chunk and the trailer. */
export const STREAMING_TRAILER = {
  finalChunkSignature: '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
  trailer: 'x-amz-checksum-crc32c:sOO8/Q==\n',
  trailerSignature: 'd81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435',
};

/** Builds the Authorization header of an example. */
export function authorizationFor(example: { signedHeaders: string; signature: string }): string {
  return `AWS4-HMAC-SHA256 Credential=${EXAMPLE_CREDENTIAL},SignedHeaders=${example.signedHeaders},Signature=${example.signature}`;
}
