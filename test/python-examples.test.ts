import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './support/constants.js';
import { md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { sendRaw } from './support/raw-http.js';
import { seededBuffer } from './support/seeded-data.js';
import { useServer } from './support/use-server.js';

const run = promisify(execFile);
const PYTHON = path.resolve('.venv/bin/python');
const EXAMPLES = path.resolve('examples');

const server = useServer();
let workDir: string;
beforeAll(async () => {
  if (!existsSync(PYTHON)) {
    throw new Error(
      'No .venv: run the tests with "npm test", which creates it from examples/requirements.txt',
    );
  }
  workDir = await mkdtemp(path.join(tmpdir(), 'oks3-py-'));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function python(script: string, args: string[] = []) {
  return run(PYTHON, [path.join(EXAMPLES, script), ...args], {
    cwd: EXAMPLES,
    env: {
      ...process.env,
      OKS3_ENDPOINT: server.endpoint,
      OKS3_ACCESS_KEY: TEST_ACCESS_KEY,
      OKS3_SECRET_KEY: TEST_SECRET_KEY,
    },
    maxBuffer: 16 * 1024 * 1024,
  });
}

describe('the original boto3 flow: upload, browser download, dedup under another path, delete', () => {
  it('uploads book.pdf by multipart, serves it to a browser, stores a second copy for free, deletes it', async () => {
    // Seeded, so the blocks around part edges (and hence the count below) are the same every run.
    const book = await seededBuffer('python-examples-book', 23 * 1024 * 1024 + 12345);
    const file = path.join(workDir, 'book.pdf');
    await writeFile(file, book);

    const upload = await python('upload_test.py', [file]);
    const lines = upload.stdout.trim().split('\n');
    expect(lines).toContain('OK');
    expect(lines.at(-1)).toBe(`${server.endpoint}/b/a/d/book.pdf`);

    // The browser: an anonymous GET of the printed URL, allowed because upload_test.py uploads the
    // object public-read (the bucket's own public-read only opens its listing).
    const download = await sendRaw(server.port, { method: 'GET', path: '/b/a/d/book.pdf' });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="book.pdf"');
    expect(md5(download.body)).toBe(md5(book));

    // The same file under another path, in 8 MiB parts this time: no new block files.
    const before = await blockFiles(server.config.dataDir);
    const second = await python('upload_test.py', [
      file,
      '--key',
      'other/path/book-copy.pdf',
      '--part-size',
      '8',
    ]);
    expect(second.stdout).toContain('OK');
    const after = await blockFiles(server.config.dataDir);
    const added = [...after.names].filter((n) => !before.names.has(n));
    // Parts are chunked independently, so only the blocks around part edges that the two uploads
    // do not share can differ: 6 such edges here (5/10/15/20 MiB vs 8/16 MiB), about 3 blocks each.
    console.log(`new blocks for the 8 MiB-part copy: ${added.length}`);
    expect(added.length).toBeLessThanOrEqual(6 * 3);
    expect(after.bytes - before.bytes).toBeLessThan(book.length * 0.06);
    const copy = await sendRaw(server.port, { method: 'GET', path: '/b/other/path/book-copy.pdf' });
    expect(md5(copy.body)).toBe(md5(book));

    const removed = await python('delete_test.py');
    expect(removed.stdout.trim()).toBe('Deleted!');
    const gone = await sendRaw(server.port, { method: 'GET', path: '/b/a/d/book.pdf' });
    expect([gone.status, gone.code]).toEqual([404, 'NoSuchKey']);
    // The other copy shares every block and still reads back.
    const still = await sendRaw(server.port, { method: 'GET', path: '/b/other/path/book-copy.pdf' });
    expect(md5(still.body)).toBe(md5(book));
  });

  it('generates a ~25 MB test file when run without arguments', async () => {
    const out = await python('upload_test.py', ['--key', 'generated/book.pdf']);
    expect(out.stdout).toContain('OK');
    const head = await sendRaw(server.port, { method: 'HEAD', path: '/b/generated/book.pdf' });
    expect(Number(head.headers['content-length'])).toBe(25 * 1024 * 1024);
    const removed = await python('delete_test.py', ['--key', 'generated/book.pdf']);
    expect(removed.stdout.trim()).toBe('Deleted!');
    expect(await readFile(path.join(EXAMPLES, 'requirements.txt'), 'utf8')).toContain('boto3');
  });
});
