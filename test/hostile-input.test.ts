import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { md5 } from './support/digests.js';
import { bucketExists } from './support/object-reads.js';
import { type RawRequest, sendRaw, signRequest } from './support/raw-http.js';
import { parseRawResponse, sendPartial } from './support/raw-socket.js';
import { uniqueBucket } from './support/test-server.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'hostile');

/** Signs (the body's SHA-256 as payload hash) and sends; returns the response and how long it took. */
async function signedSend(req: RawRequest, rawPath = req.path) {
  const started = Date.now();
  // Content-Length as every S3 client sends it (node:http would otherwise send the body chunked).
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] ??= String(Buffer.byteLength(req.body));
  const signed = await signRequest(server.port, { ...req, headers });
  // `rawPath` is what goes on the wire; `req.path` its canonical form, which the signature covers.
  const res = await sendRaw(server.port, { ...signed, path: rawPath });
  return { ...res, ms: Date.now() - started };
}

/** The server still answers a health check and a signed S3 call. */
async function expectServerAlive(): Promise<void> {
  const health = await sendRaw(server.port, { method: 'GET', path: '/_ok/health' });
  expect(health.status).toBe(200);
  const list = await server.s3.send(new ListBucketsCommand({}));
  expect(list.Buckets?.some((b) => b.Name === bucket)).toBe(true);
}

describe('hostile XML bodies', () => {
  it('answers MalformedXML to a garbage CreateBucketConfiguration and creates nothing', async () => {
    const name = uniqueBucket('garbage');
    const res = await signedSend({
      method: 'PUT',
      path: `/${name}`,
      body: '<CreateBucketConfiguration><LocationConstraint>us-east-1</Location',
    });
    expect(res.status).toBe(400);
    expect(res.code).toBe('MalformedXML');
    expect(await bucketExists(server.s3, name)).toBe(false);
    await expectServerAlive();
  });

  it('never expands entities (billion laughs) and answers at once', async () => {
    const name = uniqueBucket('bomb');
    const levels = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const bomb =
      `<?xml version="1.0"?><!DOCTYPE lolz [${levels.join('')}]>` +
      '<CreateBucketConfiguration><LocationConstraint>&lol9;</LocationConstraint></CreateBucketConfiguration>';
    const res = await signedSend({ method: 'PUT', path: `/${name}`, body: bomb });
    expect(res.status).toBe(400);
    expect(res.code).toBe('MalformedXML');
    expect(res.ms).toBeLessThan(2000);
    expect(await bucketExists(server.s3, name)).toBe(false);
    await expectServerAlive();
  });

  it('refuses a 10 MiB CreateBucketConfiguration without reading it all', async () => {
    const name = uniqueBucket('huge');
    const body = Buffer.concat([
      Buffer.from('<CreateBucketConfiguration><LocationConstraint>'),
      Buffer.alloc(10 * 1024 * 1024, 'a'),
      Buffer.from('</LocationConstraint></CreateBucketConfiguration>'),
    ]);
    const signed = await signRequest(
      server.port,
      { method: 'PUT', path: `/${name}`, headers: { 'content-length': String(body.length) } },
      { payloadHash: 'UNSIGNED-PAYLOAD' },
    );
    // Send 1 MiB and wait: the server must answer from the cap, not wait for 10 MiB.
    const answer = parseRawResponse(
      await sendPartial(server.port, { ...signed, method: 'PUT' }, body.subarray(0, 1024 * 1024), {
        keepOpen: true,
        timeoutMs: 5000,
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.code).toBe('EntityTooLarge');
    expect(await bucketExists(server.s3, name)).toBe(false);
    await expectServerAlive();
  });

  it('refuses a 10 MiB DeleteObjects body with EntityTooLarge without reading it all', async () => {
    const body = Buffer.concat([
      Buffer.from('<Delete>'),
      Buffer.from('<Object><Key>k</Key></Object>'.repeat(360_000)),
      Buffer.from('</Delete>'),
    ]);
    const signed = await signRequest(
      server.port,
      {
        method: 'POST',
        path: `/${bucket}`,
        query: { delete: '' },
        headers: {
          'content-length': String(body.length),
          'content-md5': createHash('md5').update(body).digest('base64'),
        },
      },
      { payloadHash: 'UNSIGNED-PAYLOAD' },
    );
    const answer = parseRawResponse(
      await sendPartial(
        server.port,
        { method: 'POST', path: `/${bucket}?delete=`, headers: signed.headers },
        body.subarray(0, 2 * 1024 * 1024),
        { keepOpen: true, timeoutMs: 5000 },
      ),
    );
    // OK-S3 caps every XML request body (DeleteObjects: what 1,000 keys of 1,024 bytes can take),
    // as it does CreateBucketConfiguration above, and answers a declared length above it at once.
    expect(answer).toEqual({ status: 400, code: 'EntityTooLarge' });
    await expectServerAlive();
  });
});

describe('absurd headers and paths', () => {
  it('rejects a key over 1024 bytes with KeyTooLongError', async () => {
    const res = await signedSend({ method: 'PUT', path: `/${bucket}/${'k'.repeat(1025)}`, body: 'x' });
    expect(res.status).toBe(400);
    expect(res.code).toBe('KeyTooLongError');
  });

  it('rejects 3 KB of x-amz-meta-* with MetadataTooLarge', async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 12; i++) headers[`x-amz-meta-field${i}`] = 'v'.repeat(250);
    const res = await signedSend({ method: 'PUT', path: `/${bucket}/meta`, headers, body: 'x' });
    expect(res.status).toBe(400);
    expect(res.code).toBe('MetadataTooLarge');
  });

  it.each(['bad%zzkey', 'half%E0%A4%A', 'trailing%'])(
    'rejects the invalid percent-encoding %s',
    async (raw) => {
      const res = await sendRaw(server.port, { method: 'GET', path: `/${bucket}/${raw}` });
      expect(res.status).toBe(400);
      expect(res.code).toBe('InvalidRequest');
      await expectServerAlive();
    },
  );
});

describe('aws-chunked garbage framing', () => {
  /** A STREAMING-UNSIGNED-PAYLOAD-TRAILER PUT whose body is `framing`; answered within 5 s. */
  async function chunkedPut(key: string, framing: Buffer, declaredLength = framing.length) {
    const headers = {
      'content-encoding': 'aws-chunked',
      'content-length': String(declaredLength),
      'x-amz-decoded-content-length': String(declaredLength),
      'x-amz-trailer': 'x-amz-checksum-crc32',
    };
    const signed = await signRequest(
      server.port,
      { method: 'PUT', path: `/${bucket}/${key}`, headers },
      { payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
    );
    const started = Date.now();
    const text = await sendPartial(server.port, { ...signed, method: 'PUT' }, framing, {
      keepOpen: true,
      timeoutMs: 5000,
    });
    return { ...parseRawResponse(text), ms: Date.now() - started };
  }

  it.each([
    ['a non-hex chunk size', Buffer.from('zz\r\nhello\r\n0\r\n\r\n')],
    ['a size line that never ends', Buffer.alloc(8192, '1')],
    ['data not followed by CRLF', Buffer.from('5\r\nhelloXX0\r\n\r\n')],
    ['a negative size', Buffer.from('-5\r\nhello\r\n')],
  ])('rejects %s with 400 InvalidRequest', async (_what, framing) => {
    const res = await chunkedPut('garbage', framing);
    expect(res.status).toBe(400);
    expect(res.code).toBe('InvalidRequest');
  });

  it('rejects a declared 100 MB chunk as soon as its size line arrives', async () => {
    const framing = Buffer.concat([
      Buffer.from(`${(100 * 1024 * 1024).toString(16)}\r\n`),
      randomBytes(4096),
    ]);
    const res = await chunkedPut('huge-chunk', framing, 100 * 1024 * 1024 + 64);
    expect(res.status).toBe(400);
    expect(res.code).toBe('InvalidRequest');
    expect(res.ms).toBeLessThan(2000);
    const get = await signedSend({ method: 'GET', path: `/${bucket}/huge-chunk` });
    expect(get.code).toBe('NoSuchKey');
    await expectServerAlive();
  });
});

describe('path traversal keys', () => {
  const etcPasswd = existsSync('/etc/passwd') ? statSync('/etc/passwd').mtimeMs : undefined;

  /** Every regular file under `dir`, relative to it. */
  async function filesUnder(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  }

  it.each([
    ['../../etc/passwd', '../../etc/passwd', '../../etc/passwd'],
    ['%2e%2e/%2e%2e/x', '../../x', '../../x'],
    ['..%2F..%2F..%2Fescape', '../../../escape', '..%2F..%2F..%2Fescape'],
    ['./a/../../b', './a/../../b', './a/../../b'],
  ])('stores %s as the key %s, inside the data folder', async (rawKey, key, canonicalKey) => {
    const { dataDir } = server.config;
    // Where a naive server would write: it must be untouched (absent, or unchanged if it exists).
    const naive = path.resolve(dataDir, key);
    const naiveBefore = existsSync(naive) ? statSync(naive).mtimeMs : undefined;
    const data = randomBytes(5000);
    const put = await signedSend(
      { method: 'PUT', path: `/${bucket}/${canonicalKey}`, body: data },
      `/${bucket}/${rawKey}`,
    );
    expect(put.status, put.text).toBe(200);
    const got = await signedSend(
      { method: 'GET', path: `/${bucket}/${canonicalKey}` },
      `/${bucket}/${rawKey}`,
    );
    expect(got.status).toBe(200);
    expect(md5(got.body)).toBe(md5(data));

    const listed = await signedSend({ method: 'GET', path: `/${bucket}`, query: { prefix: key } });
    expect(listed.text).toContain(`<Key>${key}</Key>`);

    // Only block files (two fan-out levels, named by hash) and temp files exist in the data folder.
    for (const file of await filesUnder(dataDir)) {
      expect(file).toMatch(/^([0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}|tmp\/.+)$/);
    }
    if (naiveBefore === undefined) expect(existsSync(naive), naive).toBe(false);
    else expect(statSync(naive).mtimeMs).toBe(naiveBefore);
    if (etcPasswd !== undefined) expect(statSync('/etc/passwd').mtimeMs).toBe(etcPasswd);
  });
});
