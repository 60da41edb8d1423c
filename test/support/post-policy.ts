import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './constants.js';

/**
 * Builds the fields of a browser upload form signed like AWS's examples (a page's server signs the
 * policy, the browser posts it). Written from the AWS documentation with node:crypto only, so the
 * tests never trust the server's own signing code.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
 */
export interface PostFormOptions {
  bucket: string;
  /** The `key` field (may contain `${filename}`). */
  key: string;
  /** Conditions added to the bucket, key (starts-with ''), and x-amz-* conditions. */
  conditions?: unknown[];
  /** More form fields, placed after `key`, before the signature fields. */
  fields?: Record<string, string>;
  expiration?: Date;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Signature to send instead of the right one. */
  signature?: string;
  now?: Date;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** The form fields in the order a page would lay them out; the file goes after all of them. */
export function signedPostFields(opts: PostFormOptions): [string, string][] {
  const now = opts.now ?? new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const region = 'us-east-1';
  const credential = `${opts.accessKeyId ?? TEST_ACCESS_KEY}/${day}/${region}/s3/aws4_request`;
  const policy = {
    expiration: (opts.expiration ?? new Date(now.getTime() + 10 * 60_000)).toISOString(),
    conditions: [
      { bucket: opts.bucket },
      ['starts-with', '$key', ''],
      { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
      { 'x-amz-credential': credential },
      { 'x-amz-date': amzDate },
      ...(opts.conditions ?? []),
    ],
  };
  const encoded = Buffer.from(JSON.stringify(policy)).toString('base64');
  const secret = opts.secretAccessKey ?? TEST_SECRET_KEY;
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  const signature = opts.signature ?? hmac(key, encoded).toString('hex');
  return [
    ['key', opts.key],
    ...Object.entries(opts.fields ?? {}),
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', credential],
    ['X-Amz-Date', amzDate],
    ['Policy', encoded],
    ['X-Amz-Signature', signature],
  ];
}

/** A FormData as a browser builds it: the fields, then the file last. */
export function browserForm(
  fields: readonly [string, string][],
  file?: { name: string; data: Buffer | string; type?: string },
): FormData {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  if (file)
    form.append('file', new Blob([file.data], { type: file.type ?? 'application/octet-stream' }), file.name);
  return form;
}

/** The bytes of a multipart/form-data body around a file, for bodies too large to build in memory. */
function multipartFrame(
  fields: readonly [string, string][],
  filename: string,
): { contentType: string; head: Buffer; tail: Buffer } {
  const boundary = `----oks3-test-${Date.now().toString(36)}`;
  let head = '';
  for (const [name, value] of fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n`;
  head += 'Content-Type: application/octet-stream\r\n\r\n';
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: Buffer.from(head),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  };
}

/**
 * Posts a form whose file is `fileBytes` zero bytes, written 1 MiB at a time with backpressure,
 * and stops writing as soon as a response arrives. `sent` tells how much of the file went out.
 */
export function postLargeFile(
  port: number,
  path: string,
  fields: readonly [string, string][],
  fileBytes: number,
): Promise<{ status: number; text: string; sent: number }> {
  const { contentType, head, tail } = multipartFrame(fields, 'large.bin');
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'content-type': contentType, 'content-length': head.length + fileBytes + tail.length },
      },
      (res) => {
        const parts: Buffer[] = [];
        const done = () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString(), sent });
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', done);
        // The server closes the connection after answering: the tail of the response may be cut.
        res.on('error', done);
      },
    );
    // Writes after the server stopped reading fail (EPIPE, ECONNRESET); the response decides.
    req.on('error', (err) => (sent > 0 ? undefined : reject(err)));
    const chunk = Buffer.alloc(1024 * 1024);
    const pump = (): void => {
      while (sent < fileBytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (sent >= fileBytes) req.end(tail);
    };
    req.write(head);
    pump();
  });
}
