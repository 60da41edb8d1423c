import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockHashesOf, eventually } from './support/block-metadata.js';
import { md5 } from './support/digests.js';
import { blockFiles } from './support/disk.js';
import { runPython } from './support/python.js';
import { sendRaw } from './support/raw-http.js';
import { seededBuffer } from './support/seeded-data.js';
import { useServer } from './support/use-server.js';

const EXAMPLES = path.resolve('examples');

// Re-chunking and collection every second, so the dedup of the second copy is seen at once.
const server = useServer({
  OKS3_RECHUNK_INTERVAL_SECONDS: '1',
  OKS3_GC_INTERVAL_SECONDS: '1',
  OKS3_GC_GRACE_SECONDS: '0',
});
let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'oks3-py-'));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function python(script: string, args: string[] = []) {
  return runPython([path.join(EXAMPLES, script), ...args], server.endpoint, {
    cwd: EXAMPLES,
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

    // The browser: an anonymous GET of the printed URL, allowed because upload_test.py publishes the
    // bucket as S3 asks since April 2023 (no public access block, a public-read bucket policy).
    const download = await sendRaw(server.port, { method: 'GET', path: '/b/a/d/book.pdf' });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="book.pdf"');
    expect(md5(download.body)).toBe(md5(book));

    // Once its part edges are re-chunked, the upload is stored as the blocks of one PUT of the file.
    const single = await blockHashesOf(book, server.config.blocks);
    const onlySingle = async () => {
      const names = (await blockFiles(server.config.dataDir)).names;
      return names.size === single.size && [...single].every((h) => names.has(h));
    };
    expect(await eventually(onlySingle, 30_000, 100), 'the 5 MiB-part upload was not re-chunked').toBe(true);

    // The same file under another path, in 8 MiB parts this time: no new block file remains.
    const second = await python('upload_test.py', [
      file,
      '--key',
      'other/path/book-copy.pdf',
      '--part-size',
      '8',
    ]);
    expect(second.stdout).toContain('OK');
    expect(await eventually(onlySingle, 30_000, 100), 'the 8 MiB-part copy left new blocks').toBe(true);
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
