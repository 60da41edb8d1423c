import { type CORSRule, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CorsStore } from '../src/storage/cors-store.js';
import { md5 } from './support/digests.js';
import { objectText } from './support/object-reads.js';
import { browserForm, signedPostFields } from './support/post-policy.js';
import { presign, type RawResponse, sendRaw, sendUrl, signRequest } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'corsreq');

const ORIGIN = 'http://app.example';
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';
const RULES: CORSRule[] = [
  {
    AllowedOrigins: [ORIGIN],
    AllowedMethods: ['GET', 'PUT', 'POST', 'HEAD'],
    AllowedHeaders: ['*'],
    ExposeHeaders: ['ETag'],
    MaxAgeSeconds: 60,
  },
];
/** What an answer to ORIGIN carries under RULES. */
const ALLOWED = {
  'access-control-allow-origin': ORIGIN,
  'access-control-allow-methods': 'GET, PUT, POST, HEAD',
  'access-control-allow-credentials': 'true',
  'access-control-expose-headers': 'ETag',
  'access-control-max-age': '60',
  vary: VARY,
};

function corsHeaders(res: RawResponse | Response): Record<string, unknown> {
  const entries = res instanceof Response ? [...res.headers.entries()] : Object.entries(res.headers);
  return Object.fromEntries(
    entries.filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
  );
}

async function signed(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const withLength = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
  return sendRaw(server.port, await signRequest(server.port, { method, path, headers: withLength, body }));
}

async function setUp() {
  await server.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: RULES } }));
  await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: 'hello' }));
}

describe('CORS headers on actual requests', () => {
  it('adds the rule headers and Vary to an allowed request, and nothing without an Origin', async () => {
    await setUp();
    const res = await signed('GET', `/${bucket}/hello.txt`, { Origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello');
    expect(corsHeaders(res)).toEqual(ALLOWED);
    const plain = await signed('GET', `/${bucket}/hello.txt`);
    expect(plain.status).toBe(200);
    expect(corsHeaders(plain)).toEqual({});
  });

  it('serves a request no rule allows, without CORS headers', async () => {
    await setUp();
    const other = await signed('GET', `/${bucket}/hello.txt`, { Origin: 'http://other.example' });
    expect([other.status, other.text]).toEqual([200, 'hello']);
    expect(corsHeaders(other)).toEqual({});
    const deleted = await signed('DELETE', `/${bucket}/gone.txt`, { Origin: ORIGIN });
    expect(deleted.status).toBe(204);
    expect(corsHeaders(deleted)).toEqual({});
  });

  it('adds them to errors: 404 NoSuchKey, 403 AccessDenied, 403 SignatureDoesNotMatch', async () => {
    await setUp();
    const missing = await signed('GET', `/${bucket}/nothing-here`, { Origin: ORIGIN });
    expect([missing.status, missing.code]).toEqual([404, 'NoSuchKey']);
    expect(corsHeaders(missing)).toEqual(ALLOWED);
    const anonymous = await sendRaw(server.port, {
      method: 'GET',
      path: `/${bucket}/hello.txt`,
      headers: { Origin: ORIGIN },
    });
    expect([anonymous.status, anonymous.code]).toEqual([403, 'AccessDenied']);
    expect(corsHeaders(anonymous)).toEqual(ALLOWED);
    const url = await presign(server.port, { method: 'GET', path: `/${bucket}/hello.txt` }, 300);
    const forged = await sendRaw(server.port, {
      method: 'GET',
      path: `/${bucket}/hello.txt`,
      rawQuery: url
        .slice(url.indexOf('?') + 1)
        .replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000'),
      headers: { Origin: ORIGIN },
    });
    expect([forged.status, forged.code]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(corsHeaders(forged)).toEqual(ALLOWED);
  });

  it('adds them to presigned GET and PUT, and to a POST form upload', async () => {
    await setUp();
    const get = await presign(server.port, { method: 'GET', path: `/${bucket}/hello.txt` }, 300);
    const read = await fetch(`${server.endpoint}${get}`, { headers: { Origin: ORIGIN } });
    expect([read.status, await read.text()]).toEqual([200, 'hello']);
    expect(corsHeaders(read)).toEqual(ALLOWED);

    const put = await presign(server.port, { method: 'PUT', path: `/${bucket}/put.txt` }, 300);
    const written = await fetch(`${server.endpoint}${put}`, {
      method: 'PUT',
      body: 'put body',
      headers: { Origin: ORIGIN },
    });
    expect(written.status).toBe(200);
    expect(written.headers.get('etag')).toBe(`"${md5(Buffer.from('put body'))}"`);
    expect(corsHeaders(written)).toEqual(ALLOWED);
    expect(await objectText(server.s3, bucket, 'put.txt')).toBe('put body');

    const fields = signedPostFields({ bucket, key: 'form.txt' });
    const posted = await fetch(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      body: browserForm(fields, { name: 'form.txt', data: 'form body' }),
      headers: { Origin: ORIGIN },
    });
    expect(posted.status).toBe(204);
    expect(corsHeaders(posted)).toEqual(ALLOWED);
    expect(await objectText(server.s3, bucket, 'form.txt')).toBe('form body');
  });

  it('adds them to HEAD for an allowed origin only', async () => {
    await setUp();
    const head = await signed('HEAD', `/${bucket}/hello.txt`, { Origin: 'http://anyone.example' });
    expect(head.status).toBe(200);
    expect(corsHeaders(head)).toEqual({});
    const allowed = await signed('HEAD', `/${bucket}/hello.txt`, { Origin: ORIGIN });
    expect(corsHeaders(allowed)).toEqual(ALLOWED);
  });

  it('matches an actual request by its Access-Control-Request-Method when it carries one, as S3 does', async () => {
    await setUp();
    const res = await signed('GET', `/${bucket}/hello.txt`, {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'DELETE',
    });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
  });
});

describe('the CORS lookup', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  /** Counts the CorsStore reads of the running server. */
  function countReads(): { reads: number } {
    const store: CorsStore = server.running.context.cors;
    const original = store.get.bind(store);
    const counted = { reads: 0 };
    store.get = (b) => {
      counted.reads += 1;
      return original(b);
    };
    restore = () => {
      store.get = original;
    };
    return counted;
  }

  it('is never made for a request without an Origin, and made once for one with it', async () => {
    await setUp();
    const counted = countReads();
    await sendUrl(server.port, 'GET', `/${bucket}/hello.txt`);
    expect((await signed('GET', `/${bucket}/hello.txt`)).status).toBe(200);
    expect(counted.reads).toBe(0);
    expect((await signed('GET', `/${bucket}/hello.txt`, { Origin: ORIGIN })).status).toBe(200);
    expect(counted.reads).toBe(1);
  });
});
