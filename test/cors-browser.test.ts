import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5 } from './support/digests.js';
import { objectBytes, objectExists } from './support/object-reads.js';
import { signedPostFields } from './support/post-policy.js';
import { useBucket, useServer } from './support/use-server.js';

/**
 * A real page on another origin talks to OK-S3 from headless Chromium (Debian's `chromium`, which
 * .ci/run installs; playwright-core drives it and downloads nothing). The browser enforces CORS
 * itself: these tests pass only if the preflights and the answers carry what Chromium demands.
 */
const CHROMIUM = process.env.OKS3_CHROMIUM ?? '/usr/bin/chromium';

const server = useServer();
const shared = useBucket(server, 'browser');
const closed = useBucket(server, 'nocors');

/** What OK-S3 answered, request by request (the browser hides a refused preflight from the page). */
const answered: { method: string; url: string; status: number }[] = [];
let browser: Browser | undefined;
let page: Page | undefined;
let pageServer: Server | undefined;
let pageOrigin: string;

beforeAll(async () => {
  server.running.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('finish', () =>
      answered.push({ method: req.method ?? '', url: req.url ?? '', status: res.statusCode }),
    );
  });
  pageServer = createServer((_req, res) => {
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end('<!doctype html><title>uploader</title><p>app</p>');
  });
  await new Promise<void>((resolve) => pageServer?.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  await server.s3.send(
    new PutBucketCorsCommand({
      Bucket: shared,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [pageOrigin],
            AllowedMethods: ['GET', 'PUT', 'POST'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
          },
        ],
      },
    }),
  );
});

afterAll(async () => {
  await browser?.close();
  const listening = pageServer;
  if (listening) await new Promise((resolve) => listening.close(resolve));
});

/**
 * The page, opened on its origin by the first test that needs it. Without Chromium every test
 * fails with the reason (a missing browser must never pass as skipped tests).
 */
async function openPage(): Promise<Page> {
  if (page) return page;
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium), as .ci/run does`,
    );
  }
  // Root in CI: Chromium's sandbox needs user namespaces a container may not give.
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const opened = await browser.newPage();
  await opened.goto(`${pageOrigin}/`);
  page = opened;
  return page;
}

/** A fetch run by the page; a TypeError (what a CORS refusal is to a script) comes back as its name and message. */
interface PageAnswer {
  status?: number;
  etag?: string | null;
  requestId?: string | null;
  bytes?: number[];
  text?: string;
  error?: string;
}

function presignedPut(bucket: string, key: string): Promise<string> {
  return getSignedUrl(server.s3, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300 });
}

function presignedGet(bucket: string, key: string): Promise<string> {
  return getSignedUrl(server.s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300 });
}

async function putFromPage(url: string, data: Buffer): Promise<PageAnswer> {
  return (await openPage()).evaluate(
    async ({ url, bytes }) => {
      try {
        const res = await fetch(url, {
          method: 'PUT',
          body: new Uint8Array(bytes),
          headers: { 'Content-Type': 'application/x-test' },
        });
        return { status: res.status, etag: res.headers.get('ETag') };
      } catch (err) {
        return { error: `${(err as Error).name}: ${(err as Error).message}` };
      }
    },
    { url, bytes: [...data] },
  );
}

async function getFromPage(url: string): Promise<PageAnswer> {
  return (await openPage()).evaluate(async (url) => {
    try {
      const res = await fetch(url);
      const bytes = [...new Uint8Array(await res.arrayBuffer())];
      return {
        status: res.status,
        etag: res.headers.get('ETag'),
        requestId: res.headers.get('x-amz-request-id'),
        bytes,
      };
    } catch (err) {
      return { error: `${(err as Error).name}: ${(err as Error).message}` };
    }
  }, url);
}

describe('a page on another origin, in headless Chromium', () => {
  it('uploads with a presigned PUT URL after a preflight the rules allow', async () => {
    const data = randomBytes(70_000);
    const url = await presignedPut(shared, 'from-page/put.bin');
    const answer = await putFromPage(url, data);
    expect(answer).toEqual({ status: 200, etag: `"${md5(data)}"` });
    expect((await objectBytes(server.s3, shared, 'from-page/put.bin')).equals(data)).toBe(true);
    const preflights = answered.filter(
      (a) => a.method === 'OPTIONS' && a.url.startsWith(`/${shared}/from-page/put.bin?`),
    );
    expect(preflights.map((a) => a.status)).toEqual([200]);
  });

  it('uploads with a POST form signed by a policy, and reads the PostResponse', async () => {
    const fields = signedPostFields({
      bucket: shared,
      key: `from-page/${'$'}{filename}`, // S3's literal placeholder
      fields: { success_action_status: '201' },
      conditions: [['eq', '$success_action_status', '201']],
    });
    const data = randomBytes(3000);
    const answer = await (await openPage()).evaluate(
      async ({ action, fields, bytes }) => {
        const form = new FormData();
        for (const [name, value] of fields) form.append(name, value);
        form.append(
          'file',
          new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }),
          'form.bin',
        );
        const res = await fetch(action, { method: 'POST', body: form });
        return { status: res.status, etag: res.headers.get('ETag'), text: await res.text() };
      },
      { action: `${server.endpoint}/${shared}`, fields, bytes: [...data] },
    );
    expect(answer.status).toBe(201);
    expect(answer.etag).toBe(`"${md5(data)}"`);
    expect(answer.text).toContain(`<Key>from-page/form.bin</Key>`);
    expect((await objectBytes(server.s3, shared, 'from-page/form.bin')).equals(data)).toBe(true);
  });

  it('reads an object back with fetch: its bytes, the exposed ETag, and no header the rule does not expose', async () => {
    const data = randomBytes(150_000);
    await server.s3.send(new PutObjectCommand({ Bucket: shared, Key: 'from-page/read.bin', Body: data }));
    const answer = await getFromPage(await presignedGet(shared, 'from-page/read.bin'));
    expect(answer.status).toBe(200);
    expect(answer.etag).toBe(`"${md5(data)}"`);
    expect(answer.requestId).toBeNull();
    expect(Buffer.from(answer.bytes ?? []).equals(data)).toBe(true);
  });

  it('is refused by the browser on a bucket without CORS: fetch throws a TypeError after a 403 preflight', async () => {
    const url = await presignedPut(closed, 'refused.bin');
    const before = answered.length;
    const answer = await putFromPage(url, randomBytes(100));
    expect(answer).toEqual({ error: 'TypeError: Failed to fetch' });
    const seen = answered.slice(before).filter((a) => a.url.startsWith(`/${closed}/refused.bin?`));
    expect(seen.map((a) => [a.method, a.status])).toEqual([['OPTIONS', 403]]);
    expect(await objectExists(server.s3, closed, 'refused.bin')).toBe(false);

    // A simple GET needs no preflight: OK-S3 serves it, and the browser withholds the answer.
    await server.s3.send(new PutObjectCommand({ Bucket: closed, Key: 'secret.txt', Body: 'secret' }));
    const read = await getFromPage(await presignedGet(closed, 'secret.txt'));
    expect(read).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(
      answered
        .filter((a) => a.url.startsWith(`/${closed}/secret.txt?X-Amz-`))
        .map((a) => [a.method, a.status]),
    ).toEqual([['GET', 200]]);
  });
});
