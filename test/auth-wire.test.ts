import { connect } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './support/constants.js';
import { browserForm, signedPostFields } from './support/post-policy.js';
import { runPython } from './support/python.js';
import { type RawRequest, sendUrl, signRequest } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

/**
 * Authentication as it arrives on the wire from real clients: awscli v1 / botocore presigned URLs,
 * tampered presigned signatures, non-ASCII header bytes, and clients that half-close their socket.
 */

const server = useServer();
const bucket = useBucket(server, 'auth-wire');
beforeAll(async () => {
  await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: 'hello' }));
});

/** A GET URL presigned by botocore, the library awscli v1 runs, with the given signature version. */
async function botocorePresign(key: string, signatureVersion: 's3' | 's3v4'): Promise<string> {
  const script = [
    'import sys, botocore.session',
    'from botocore.config import Config',
    "c = botocore.session.get_session().create_client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',",
    '    aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],',
    "    config=Config(signature_version=sys.argv[4], s3={'addressing_style': 'path'}))",
    "print(c.generate_presigned_url('get_object', Params={'Bucket': sys.argv[5], 'Key': sys.argv[6]}, ExpiresIn=300))",
  ].join('\n');
  const args = [server.endpoint, TEST_ACCESS_KEY, TEST_SECRET_KEY, signatureVersion, bucket, key];
  const { stdout } = await runPython(['-c', script, ...args], server.endpoint);
  return new URL(stdout.trim()).href.slice(server.endpoint.length);
}

const messageOf = (text: string) => /<Message>([^<]*)<\/Message>/.exec(text)?.[1];

describe('awscli v1 presigned URLs', () => {
  it('serves the object to the SigV2 presigned URL (AWSAccessKeyId, Signature, Expires) awscli v1 makes by default', async () => {
    const url = await botocorePresign('hello.txt', 's3');
    expect(url).toMatch(/[?&]AWSAccessKeyId=.*&Signature=.*&Expires=\d+$/);
    const res = await sendUrl(server.port, 'GET', url);
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello');
    const tampered = await sendUrl(server.port, 'GET', url.replace('hello.txt', 'hellO.txt'));
    expect([tampered.status, tampered.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('serves the object to the SigV4 URL awscli v1 makes once s3.signature_version is s3v4', async () => {
    const url = await botocorePresign('hello.txt', 's3v4');
    expect(url).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256');
    const res = await sendUrl(server.port, 'GET', url);
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello');
  });
});

describe('presigned URLs that fail verification', () => {
  /** A presigned GET of hello.txt from @aws-sdk/s3-request-presigner, as path+query. */
  async function presignedGet(expiresIn: number): Promise<string> {
    const url = await getSignedUrl(server.s3, new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }), {
      expiresIn,
    });
    return url.slice(server.endpoint.length);
  }

  it('answers 403 SignatureDoesNotMatch to a tampered signature of any length or alphabet', async () => {
    const url = await presignedGet(300);
    expect((await sendUrl(server.port, 'GET', url)).status).toBe(200);
    const signature = /X-Amz-Signature=([0-9a-f]{64})/.exec(url)?.[1] ?? '';
    expect(signature).toHaveLength(64);
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    for (const tampered of [
      `${signature}0`,
      signature.slice(0, -1),
      `${signature.slice(0, -1)}g`,
      flipped,
      '',
      'zz',
    ]) {
      const res = await sendUrl(server.port, 'GET', url.replace(signature, tampered));
      expect(res.status, tampered).toBe(tampered === '' ? 400 : 403);
      expect(res.code, tampered).toBe(
        tampered === '' ? 'AuthorizationQueryParametersError' : 'SignatureDoesNotMatch',
      );
    }
  });

  it('answers 403 AccessDenied "Request has expired" to X-Amz-Expires=0', async () => {
    const url = await presignedGet(0);
    expect(url).toContain('X-Amz-Expires=0&');
    const res = await sendUrl(server.port, 'GET', url);
    expect(res.status).toBe(403);
    expect(res.code).toBe('AccessDenied');
    expect(messageOf(res.text)).toBe('Request has expired');
    expect(res.text).toContain('<X-Amz-Expires>0</X-Amz-Expires>');
  });
});

/** Request bytes as a client writes them: head (UTF-8), blank line, body. */
function requestBytes(req: RawRequest & { headers: Record<string, string> }): Buffer {
  const lines = [`${req.method} ${req.path} HTTP/1.1`];
  for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), Buffer.from(req.body ?? '')]);
}

/**
 * Writes `bytes` on a fresh connection, then (with `halfClose`) shuts down the write side as
 * `shutdown(SHUT_WR)` does, and resolves with every byte the server sent until it closed.
 */
function exchange(bytes: Buffer, halfClose: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open: ${Buffer.concat(received).toString('latin1')}`));
    }, 10_000);
    socket.on('connect', () => {
      socket.write(bytes);
      if (halfClose) socket.end();
    });
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(received));
    });
  });
}

/** Status, header lines (as raw bytes) and body of one raw HTTP/1.1 response. */
function parseResponse(bytes: Buffer) {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return { status: 0, headers: new Map<string, Buffer>(), body: bytes };
  const [statusLine = '', ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers = new Map<string, Buffer>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), Buffer.from(line.slice(colon + 1).trim(), 'latin1'));
  }
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body: bytes.subarray(headEnd + 4),
  };
}

describe('clients that half-close their socket after a complete request', () => {
  it('answers a signed GET whose client shut down its write side right after the request', async () => {
    // Several blocks, so the answer streams from the block store well after the client's FIN.
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 'half-open ');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: body }));
    const req = await signRequest(server.port, { method: 'GET', path: `/${bucket}/big.bin` });
    const res = parseResponse(await exchange(requestBytes(req), true));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')?.toString()).toBe(String(body.length));
    expect(res.body.equals(body)).toBe(true);
  });

  it('answers the error of a half-closed anonymous GET', async () => {
    const head = {
      method: 'GET',
      path: `/${bucket}/hello.txt`,
      headers: { host: `127.0.0.1:${server.port}` },
    };
    const res = parseResponse(await exchange(requestBytes(head), true));
    expect(res.status).toBe(403);
    expect(res.body.toString('utf8')).toContain('<Code>AccessDenied</Code>');
  });

  it('stores a PUT whose complete body came before the half-close', async () => {
    const body = 'written then shut down';
    const req = await signRequest(server.port, {
      method: 'PUT',
      path: `/${bucket}/half-closed.txt`,
      headers: { 'content-length': String(body.length) },
      body,
    });
    const res = parseResponse(await exchange(requestBytes(req), true));
    expect(res.status).toBe(200);
    const got = await server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'half-closed.txt' }));
    expect(await got.Body?.transformToString()).toBe(body);
  });

  it('stores nothing when the client half-closes in the middle of the body, and closes the connection', async () => {
    const req = await signRequest(server.port, {
      method: 'PUT',
      path: `/${bucket}/cut-short.txt`,
      headers: { 'content-length': '1000' },
      body: 'x'.repeat(1000),
    });
    const bytes = requestBytes(req);
    const res = parseResponse(await exchange(bytes.subarray(0, bytes.length - 990), true));
    // The body ends before its Content-Length: Node's HTTP parser answers 400 and closes.
    expect(res.status).toBe(400);
    expect(res.headers.get('connection')?.toString()).toBe('close');
    await expect(
      server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cut-short.txt' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});

describe('non-ASCII header values', () => {
  it('verifies an SDK PutObject whose metadata Node put on the wire as UTF-8 (a string body)', async () => {
    const put = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'meta-utf8', Body: 'x', Metadata: { note: 'café' } }),
    );
    expect(put.ETag).toBe('"9dd4e461268c8034f5c8564e155c67a6"');
  });

  it('verifies an SDK PutObject whose metadata Node wrote as latin1 (a Buffer body) and returns it unchanged', async () => {
    const s3 = server.s3;
    const Metadata = { note: 'café crème' };
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'meta-latin1', Body: Buffer.from('x'), Metadata }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'meta-latin1' }));
    expect(head.Metadata).toEqual(Metadata);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'meta-latin1' }));
    expect(got.Metadata).toEqual(Metadata);
    expect(await got.Body?.transformToString()).toBe('x');
  });

  /** A PUT signed by AWS's signer over `text` headers, written on the wire as UTF-8 bytes. */
  async function utf8Put(key: string, headers: Record<string, string>) {
    return signRequest(server.port, {
      method: 'PUT',
      path: `/${bucket}/${key}`,
      headers: { ...headers, 'content-length': '1', connection: 'close' },
      body: 'x',
    });
  }
  // Leading, trailing and repeated spaces, a no-break space, and characters whose UTF-8 holds the
  // byte 0xA0 (à is C3 A0, † is E2 80 A0), which a latin1 reading takes for a no-break space.
  const NOTE = '  café ☕   à\u00a0†  日本  ';

  it('verifies SigV4 over UTF-8 header bytes: trimmed, whitespace runs collapsed, every other byte kept', async () => {
    const req = await utf8Put('meta-raw', {
      'x-amz-meta-note': NOTE,
      'content-disposition': 'attachment; filename="résumé.pdf"',
    });
    const res = parseResponse(await exchange(requestBytes(req), false));
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')?.toString()).toBe('"9dd4e461268c8034f5c8564e155c67a6"');
  });

  it('still refuses UTF-8 header bytes changed after signing', async () => {
    const req = await utf8Put('meta-tampered', { 'x-amz-meta-note': NOTE });
    const bytes = requestBytes(req);
    const at = bytes.indexOf(Buffer.from('à', 'utf8'));
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0xa1; // à -> á
    const res = parseResponse(await exchange(bytes, false));
    expect(res.status).toBe(403);
    expect(res.body.toString('utf8')).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('non-ASCII metadata round trips', () => {
  it('returns to the SDK exactly the metadata it put, whichever bytes Node chose on the wire', async () => {
    const s3 = server.s3;
    const Metadata = { note: 'café crème' };
    for (const [Key, Body] of [
      ['rt-string', 'x'],
      ['rt-buffer', Buffer.from('x')],
    ] as const) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body, Metadata }));
      expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key }))).Metadata, Key).toEqual(Metadata);
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      expect(got.Metadata, Key).toEqual(Metadata);
      await got.Body?.transformToString();
    }
  });

  it('returns RFC 2047-encoded metadata the SDK sent exactly as sent (how the SDK carries café ☕)', async () => {
    const s3 = server.s3;
    const note = `=?UTF-8?B?${Buffer.from('café ☕').toString('base64')}?=`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'rt-2047', Body: 'x', Metadata: { note } }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'rt-2047' }))).Metadata).toEqual({
      note,
    });
  });

  it('answers HEAD and GET of raw UTF-8 metadata beyond latin1 with it RFC 2047-encoded, never a 500', async () => {
    const req = await signRequest(server.port, {
      method: 'PUT',
      path: `/${bucket}/rt-raw`,
      headers: { 'x-amz-meta-note': 'café ☕', 'content-length': '1', connection: 'close' },
      body: 'x',
    });
    expect(parseResponse(await exchange(requestBytes(req), false)).status).toBe(200);
    for (const method of ['HEAD', 'GET']) {
      const read = await signRequest(server.port, {
        method,
        path: `/${bucket}/rt-raw`,
        headers: { connection: 'close' },
      });
      const res = parseResponse(await exchange(requestBytes(read), false));
      expect(res.status, method).toBe(200);
      expect(res.headers.get('x-amz-meta-note')?.toString('latin1'), method).toBe('=?UTF-8?B?Y2Fmw6kg4piV?=');
    }
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'rt-raw' }));
    expect(head.Metadata).toEqual({ note: '=?UTF-8?B?Y2Fmw6kg4piV?=' });
  });

  it('answers HEAD of a browser-form upload with UTF-8 metadata, never a 500', async () => {
    const note = 'café ☕';
    const fields = signedPostFields({
      bucket,
      key: 'rt-form',
      fields: { 'x-amz-meta-note': note },
      conditions: [['eq', '$x-amz-meta-note', note]],
    });
    const posted = await fetch(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      body: browserForm(fields, { name: 'f.txt', data: 'x' }),
    });
    expect(posted.status).toBe(204);
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'rt-form' }));
    expect(head.Metadata).toEqual({ note: '=?UTF-8?B?Y2Fmw6kg4piV?=' });
  });
});
