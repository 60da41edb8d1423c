import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, type TestAccount } from './support/accounts.js';
import { objectBytes, objectExists } from './support/object-reads.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

/**
 * The web console (console/, served under /_ok/console) in headless Chromium (Debian's package,
 * driven by playwright-core as in cors-browser.test.ts), against the real server and Cassandra.
 * One account's whole session, in order: the tests share the page.
 * With OKS3_CONSOLE_SCREENSHOTS=1 the main pages are saved to docs/console/ (CI leaves the tree alone).
 */
const CHROMIUM = process.env.OKS3_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.OKS3_CONSOLE_SCREENSHOTS === '1' ? 'docs/console' : undefined;
const MiB = 1024 * 1024;

const server = useServer();
/** What OK-S3 answered, request by request. */
const answered: { method: string; url: string; status: number }[] = [];
let owner: TestAccount;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const bucket = uniqueBucket('console');
const big = randomBytes(20 * MiB);
const notes = 'Shopping list\n- milk\n- bread\n';

beforeAll(async () => {
  server.running.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('finish', () =>
      answered.push({ method: req.method ?? '', url: req.url ?? '', status: res.statusCode }),
    );
  });
  owner = await newAccount(server, 'console');
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium), as .ci/run does`,
    );
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  context = await browser.newContext({ viewport: { width: 1200, height: 800 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.endpoint });
  await context.addInitScript({ path: 'test/support/console-page.js' });
  page = await context.newPage();
  // Script errors and what the browser refused (a CSP violation is logged as an error). An HTTP
  // error answer is logged as "Failed to load resource" and is asserted where it is expected.
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      pageErrors.push(msg.text());
  });
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

async function screenshot(name: string, target: Page = page): Promise<void> {
  if (SCREENSHOTS) await target.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** What the page shows once it has caught up: the server shares two cores with Cassandra and other tests. */
function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000 });
}

function rowOf(name: string) {
  return page.locator('table.listing tbody tr').filter({ has: page.getByText(name, { exact: true }) });
}

async function signIn(accessKeyId: string, secretAccessKey: string): Promise<void> {
  await page.getByLabel('Access key').fill(accessKeyId);
  await page.getByLabel('Secret key').fill(secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A call of a helper of test/support/console-page.js in the page (strings: no DOM types here). */
function inPage(helper: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(`consoleTest.${helper}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
}

/** One second of a 440 Hz tone: 8 kHz, 8-bit mono PCM in a WAV file. */
function wavOfOneSecond(): Buffer {
  const rate = 8000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + rate, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // bytes a second
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(rate, 40);
  const samples = Buffer.alloc(rate);
  for (let i = 0; i < rate; i++)
    samples[i] = 128 + Math.round(100 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return Buffer.concat([header, samples]);
}

describe('the web console, in headless Chromium', () => {
  it('serves its page without credentials, with a strict Content-Security-Policy', async () => {
    const redirect = await fetch(`${server.endpoint}/_ok/console`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/_ok/console/']);
    const res = await fetch(`${server.endpoint}/_ok/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<script type="module" src="console.js"></script>');
    const script = await fetch(`${server.endpoint}/_ok/console/console.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    expect((await fetch(`${server.endpoint}/_ok/console/nothing.js`)).status).toBe(404);
  });

  it('refuses bad credentials with the reason, and shows no bucket list', async () => {
    await page.goto(`${server.endpoint}/_ok/console/`);
    await eventually(() => page.getByLabel('Access key').isVisible()).toBe(true);
    await screenshot('sign-in');
    const refused = 'Sign-in refused: the access key or the secret key is wrong.';
    const before = answered.length;
    await signIn(owner.key.accessKeyId, 'not-the-secret');
    await eventually(() => page.getByRole('alert').textContent()).toBe(refused);
    await signIn('NO-SUCH-ACCESS-KEY', owner.key.secretAccessKey);
    await eventually(() => answered.length - before).toBe(2);
    expect(answered.slice(before).map((a) => [a.method, a.url.split('?')[0], a.status])).toEqual([
      ['GET', '/', 403],
      ['GET', '/', 403],
    ]);
    expect(await page.getByRole('alert').textContent()).toBe(refused);
    expect(await page.getByRole('heading', { name: 'Buckets' }).count()).toBe(0);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('signs in, keeps the secret in the tab only, and lists no bucket of a new account', async () => {
    await signIn(owner.key.accessKeyId, owner.key.secretAccessKey);
    await eventually(() => page.getByRole('heading', { name: 'Buckets' }).isVisible()).toBe(true);
    await eventually(() => page.getByText('No buckets yet.').isVisible()).toBe(true);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['oks3-console-credentials']);
    expect(await page.evaluate('localStorage.length')).toBe(0);
  });

  it('creates a bucket the account owns', async () => {
    await page.getByLabel('New bucket name').fill('Not_A_Bucket');
    expect(await page.evaluate("document.querySelector('input[name=bucket]').validity.patternMismatch")).toBe(
      true,
    );
    await page.getByLabel('New bucket name').fill(bucket);
    await page.getByRole('button', { name: 'Create bucket' }).click();
    await eventually(() => page.locator('table.listing tbody tr td:first-child').allTextContents()).toEqual([
      bucket,
    ]);
    const listed = await owner.s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual([bucket]);
    await screenshot('buckets');
  });

  it('creates a folder and opens it', async () => {
    await page.getByRole('link', { name: bucket }).click();
    await eventually(() => page.getByText('This folder is empty.').isVisible()).toBe(true);
    await page.getByLabel('New folder name').fill('a/b');
    expect(await page.evaluate("document.querySelector('input[name=folder]').validity.patternMismatch")).toBe(
      true,
    );
    await page.getByLabel('New folder name').fill('photos');
    await page.getByRole('button', { name: 'Create folder' }).click();
    await page.getByRole('link', { name: 'photos' }).click();
    await eventually(() => page.locator('nav.breadcrumbs [aria-current="page"]').textContent()).toBe(
      'photos',
    );
    expect(await objectBytes(owner.s3, bucket, 'photos/')).toEqual(Buffer.alloc(0));
  });

  it('uploads a 20 MiB file from the picker in parallel multipart parts, with its progress shown', async () => {
    await inPage('watchStatus', 'big.bin');
    const before = answered.length;
    await page.getByLabel('Choose files to upload').setInputFiles({
      name: 'big.bin',
      mimeType: 'application/octet-stream',
      buffer: big,
    });
    const row = page.locator('.uploads li', { hasText: 'big.bin' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
    const seen = (await page.evaluate('consoleTest.statusSeen')) as string[];
    expect(seen[0]).toBe('0 %');
    expect(seen.at(-1)).toBe('Uploaded');
    const percents = seen.slice(0, -1).map((s) => Number.parseInt(s, 10));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(1);
    const bar = row.locator('progress');
    expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual([
      `${20 * MiB}`,
      `${20 * MiB}`,
    ]);
    expect(await page.locator('.progress-row.total span').textContent()).toBe(
      'All uploads: 20 MiB of 20 MiB — done',
    );
    const mine = answered.slice(before).filter((a) => a.url.startsWith(`/${bucket}/photos/big.bin?`));
    expect(
      mine.filter((a) => a.method === 'PUT' && a.url.includes('partNumber=')).map((a) => a.status),
    ).toEqual([200, 200, 200, 200]);
    expect(mine.filter((a) => a.method === 'POST').map((a) => a.url.replace(/=.*/, ''))).toEqual([
      `/${bucket}/photos/big.bin?uploads`,
      `/${bucket}/photos/big.bin?uploadId`,
    ]);
    expect((await objectBytes(owner.s3, bucket, 'photos/big.bin')).equals(big)).toBe(true);
  });

  it('uploads a file dropped on the folder, and lists both with size and type', async () => {
    await inPage('dropFile', 'notes.txt', notes, 'text/plain');
    await eventually(() => page.locator('.uploads li[data-status="done"]').count()).toBe(2);
    await eventually(() => rowOf('notes.txt').count()).toBe(1);
    expect(await rowOf('big.bin').locator('td.size').textContent()).toBe('20 MiB');
    expect(await rowOf('notes.txt').locator('td.size').textContent()).toBe(`${notes.length} B`);
    expect(await rowOf('notes.txt').locator('td.type').textContent()).toBe('text/plain');
    expect(await objectBytes(owner.s3, bucket, 'photos/notes.txt')).toEqual(Buffer.from(notes));
    await screenshot('object-browser');
  });

  it('fits a phone screen: a folder with its actions and the upload area, without sideways scrolling', async () => {
    const phone = await browser!.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const small = await phone.newPage();
    try {
      await small.goto(`${server.endpoint}/_ok/console/`);
      await small.getByLabel('Access key').fill(owner.key.accessKeyId);
      await small.getByLabel('Secret key').fill(owner.key.secretAccessKey);
      await small.getByRole('button', { name: 'Sign in' }).click();
      await eventually(() => small.getByRole('heading', { name: 'Buckets' }).isVisible()).toBe(true);
      await small.goto(`${server.endpoint}/_ok/console/#/${bucket}/photos/`);
      await eventually(() => small.getByRole('button', { name: 'Preview big.bin' }).isVisible()).toBe(true);
      expect(await small.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot('phone', small);
    } finally {
      await phone.close();
    }
  });
  it('previews a text file and an image through presigned URLs', async () => {
    await page.getByRole('button', { name: 'Preview notes.txt' }).click();
    await eventually(() => page.locator('dialog .preview pre').textContent()).toBe(notes);
    await page.getByRole('button', { name: 'Close' }).click();
    await eventually(() => page.locator('dialog').count()).toBe(0);

    const png = (await inPage('pngBytes', 320, 200)) as number[];
    await page.getByLabel('Choose files to upload').setInputFiles({
      name: 'sunset.png',
      mimeType: 'image/png',
      buffer: Buffer.from(png),
    });
    await page.getByRole('button', { name: 'Preview sunset.png' }).click();
    const image = page.locator('dialog .preview img');
    await eventually(() => page.evaluate("document.querySelector('dialog .preview img')?.naturalWidth")).toBe(
      320,
    );
    expect(await image.getAttribute('alt')).toBe('sunset.png');
    await screenshot('preview');
    await page.keyboard.press('Escape');
    await eventually(() => page.locator('dialog').count()).toBe(0);
  });

  it('plays audio in its preview, read with range requests', async () => {
    await page.getByLabel('Choose files to upload').setInputFiles({
      name: 'tone.wav',
      mimeType: 'audio/wav',
      buffer: wavOfOneSecond(),
    });
    const before = answered.length;
    await page.getByRole('button', { name: 'Preview tone.wav' }).click();
    await eventually(() => page.evaluate("document.querySelector('dialog .preview audio')?.duration")).toBe(
      1,
    );
    const reads = answered.slice(before).filter((a) => a.url.startsWith(`/${bucket}/photos/tone.wav?X-Amz-`));
    expect(reads.map((a) => [a.method, a.status])).toContainEqual(['GET', 206]);
    await page.keyboard.press('Escape');
    await eventually(() => page.locator('dialog').count()).toBe(0);
  });

  it('copies a share link with the chosen expiry that anyone can open', async () => {
    await page.getByRole('button', { name: 'Share big.bin' }).click();
    await page.getByLabel('Link valid for').selectOption({ label: '1 day' });
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await eventually(() => page.getByRole('status').last().textContent()).toBe(
      'Link copied to the clipboard.',
    );
    const link = await page.getByLabel('Share link').inputValue();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(link);
    expect(new URL(link).searchParams.get('X-Amz-Expires')).toBe('86400');
    await screenshot('share');
    await page.keyboard.press('Escape');
    const anonymous = await fetch(link);
    expect(anonymous.status).toBe(200);
    expect(Buffer.from(await anonymous.arrayBuffer()).equals(big)).toBe(true);
  });

  it('downloads a file as an attachment', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download notes.txt' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('notes.txt');
    expect(await readFile((await file.path())!, 'utf8')).toBe(notes);
  });

  it('deletes a file only once the deletion is confirmed', async () => {
    await page.getByRole('button', { name: 'Delete notes.txt' }).click();
    // The dialog opens on Cancel, so Enter or Space never deletes by accident.
    await eventually(() => page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('dialog').count()).toBe(0);
    expect(await objectExists(owner.s3, bucket, 'photos/notes.txt')).toBe(true);
    await page.getByRole('button', { name: 'Delete notes.txt' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await objectExists(owner.s3, bucket, 'photos/notes.txt')).toBe(true);
    await page.getByRole('button', { name: 'Delete notes.txt' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete file' }).click();
    await eventually(() => rowOf('notes.txt').count()).toBe(0);
    expect(await objectExists(owner.s3, bucket, 'photos/notes.txt')).toBe(false);
    expect(await objectExists(owner.s3, bucket, 'photos/big.bin')).toBe(true);
  });

  it('deletes the folder with what it holds, then the bucket', async () => {
    await page.getByRole('link', { name: bucket }).click();
    await page.getByRole('button', { name: 'Delete folder photos' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete folder' }).click();
    await eventually(() => page.getByText('This folder is empty.').isVisible()).toBe(true);
    expect(await objectExists(owner.s3, bucket, 'photos/big.bin')).toBe(false);
    await page.getByRole('link', { name: 'Buckets' }).click();
    await page.getByRole('button', { name: `Delete bucket ${bucket}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete bucket' }).click();
    await eventually(() => page.getByText('No buckets yet.').isVisible()).toBe(true);
    await expect(owner.s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('signs out: the keys are gone from the tab, a reload asks for them again, and the session saw no script error or CSP refusal', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => page.getByLabel('Access key').isVisible()).toBe(true);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await page.reload();
    await eventually(() => page.getByLabel('Access key').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
