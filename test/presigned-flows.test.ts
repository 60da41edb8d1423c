import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { useBucket, useServer } from './support/use-server.js';

const run = promisify(execFile);

const server = useServer();
const privateBucket = useBucket(server, 'presign-priv');
const publicBucket = useBucket(server, 'presign-pub', { acl: 'public-read' });

/** What a browser does with a URL: a plain GET, no Authorization, no x-amz-* headers. */
async function browserGet(url: string) {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function putBook(bucket: string, key: string, body: string, acl?: 'public-read'): Promise<void> {
  await server.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/pdf',
      ContentDisposition: 'attachment; filename="book.pdf"',
      ACL: acl,
    }),
  );
}

function curlPath(): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  const found = dirs.map((d) => path.join(d, 'curl')).find((p) => existsSync(p));
  if (!found)
    throw new Error('curl is not installed: these tests drive the real curl binary (apt-get install curl)');
  return found;
}

describe('browser and curl flows', () => {
  it('serves a private object to a presigned GET from a plain HTTP client, honouring response-content-disposition', async () => {
    await putBook(privateBucket, 'a/d/book.pdf', 'private pdf');
    const { s3 } = server;
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: privateBucket, Key: 'a/d/book.pdf' }), {
      expiresIn: 300,
    });
    const plain = await browserGet(url);
    expect(plain.status).toBe(200);
    expect(plain.body.toString()).toBe('private pdf');
    expect(plain.headers.get('content-disposition')).toBe('attachment; filename="book.pdf"');

    const renamed = await getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: privateBucket,
        Key: 'a/d/book.pdf',
        ResponseContentDisposition: 'inline; filename="renamed.pdf"',
      }),
      { expiresIn: 300 },
    );
    const overridden = await browserGet(renamed);
    expect(overridden.status).toBe(200);
    expect(overridden.headers.get('content-disposition')).toBe('inline; filename="renamed.pdf"');
  });

  it('refuses an anonymous GET of a private object (403)', async () => {
    const res = await browserGet(`${server.endpoint}/${privateBucket}/a/d/book.pdf`);
    expect(res.status).toBe(403);
    expect(res.body.toString()).toContain('<Code>AccessDenied</Code>');
  });

  it('serves a public-read object to an anonymous GET, with its Content-Disposition', async () => {
    await putBook(publicBucket, 'a/d/book.pdf', 'public pdf', 'public-read');
    const res = await browserGet(`${server.endpoint}/${publicBucket}/a/d/book.pdf`);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('public pdf');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="book.pdf"');
  });

  it('deletes an object with `curl -X DELETE` on a presigned DELETE URL, then GET is 404', async () => {
    await putBook(privateBucket, 'to-delete.pdf', 'bye');
    const { s3 } = server;
    const url = await getSignedUrl(
      s3,
      new DeleteObjectCommand({ Bucket: privateBucket, Key: 'to-delete.pdf' }),
      {
        expiresIn: 300,
      },
    );
    const { stdout } = await run(curlPath(), [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'DELETE',
      url,
    ]);
    expect(stdout).toBe('204');
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: privateBucket, Key: 'to-delete.pdf' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const presignedGet = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: privateBucket, Key: 'to-delete.pdf' }),
      {
        expiresIn: 300,
      },
    );
    expect((await browserGet(presignedGet)).status).toBe(404);
  });
});
