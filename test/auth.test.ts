import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presign, sendRaw, sendUrl, signRequest } from './support/raw-http.js';
import { startTestServer, type TestServer, uniqueBucket } from './support/test-server.js';

let server: TestServer;
let bucket: string;
beforeAll(async () => {
  server = await startTestServer();
  bucket = uniqueBucket('auth');
  const created = await sendRaw(
    server.port,
    await signRequest(server.port, { method: 'PUT', path: `/${bucket}` }),
  );
  expect(created.status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

describe('SigV4 header authentication (raw HTTP)', () => {
  it('accepts a request signed by the AWS signer', async () => {
    const res = await sendRaw(server.port, await signRequest(server.port, { method: 'GET', path: '/' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<Name>${bucket}</Name>`);
    expect(res.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    const req = await signRequest(
      server.port,
      { method: 'GET', path: '/' },
      { secretAccessKey: 'wrong-secret' },
    );
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(403);
    expect(res.code).toBe('SignatureDoesNotMatch');
    expect(res.text).toContain('<RequestId>');
    expect(res.text).toContain('<Resource>/</Resource>');
  });

  it('rejects an unknown access key with InvalidAccessKeyId', async () => {
    const req = await signRequest(server.port, { method: 'GET', path: '/' }, { accessKeyId: 'AKIDUNKNOWN' });
    const res = await sendRaw(server.port, req);
    expect(res.status).toBe(403);
    expect(res.code).toBe('InvalidAccessKeyId');
  });

  it('rejects a signed header changed after signing', async () => {
    const req = await signRequest(server.port, {
      method: 'HEAD',
      path: `/${bucket}`,
      headers: { 'x-amz-meta-a': '1' },
    });
    req.headers['x-amz-meta-a'] = '2';
    const res = await sendRaw(server.port, { ...req, method: 'GET', query: { location: '' } });
    expect(res.status).toBe(403);
  });

  it('rejects a clock skewed by more than 15 minutes with RequestTimeTooSkewed', async () => {
    const date = new Date(Date.now() - 20 * 60 * 1000);
    const res = await sendRaw(
      server.port,
      await signRequest(server.port, { method: 'GET', path: '/' }, { date }),
    );
    expect(res.status).toBe(403);
    expect(res.code).toBe('RequestTimeTooSkewed');
  });

  it('rejects malformed Authorization headers with a 400-class S3 error, not a crash', async () => {
    const bad = [
      'AWS4-HMAC-SHA256',
      'AWS4-HMAC-SHA256 Credential=x',
      'AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=zz',
      'Bearer abc',
      `AWS4-HMAC-SHA256 Credential=${'x'.repeat(5000)}`,
    ];
    for (const authorization of bad) {
      const res = await sendRaw(server.port, {
        method: 'GET',
        path: '/',
        headers: {
          authorization,
          'x-amz-date': '20260101T000000Z',
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        },
      });
      expect([400, 403], authorization.slice(0, 40)).toContain(res.status);
      expect(res.code, authorization.slice(0, 40)).toBeTruthy();
    }
  });

  it('answers SigV2 with the message s3cmd recognises', async () => {
    const res = await sendRaw(server.port, {
      method: 'GET',
      path: '/',
      headers: { authorization: 'AWS key:c2lnbmF0dXJl' },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Please use AWS4-HMAC-SHA256');
  });

  it('treats a request without credentials as anonymous and denies it', async () => {
    const res = await sendRaw(server.port, { method: 'GET', path: '/' });
    expect(res.status).toBe(403);
    expect(res.code).toBe('AccessDenied');
  });
});

describe('presigned URLs', () => {
  it('accepts a valid presigned URL', async () => {
    const url = await presign(
      server.port,
      { method: 'GET', path: `/${bucket}`, query: { location: '' } },
      300,
    );
    const res = await sendUrl(server.port, 'GET', url);
    expect(res.status).toBe(200);
    expect(res.text).toContain('LocationConstraint');
  });

  it('rejects an expired presigned URL', async () => {
    const date = new Date(Date.now() - 3600 * 1000);
    const url = await presign(
      server.port,
      { method: 'GET', path: `/${bucket}`, query: { location: '' } },
      60,
      { date },
    );
    const res = await sendUrl(server.port, 'GET', url);
    expect(res.status).toBe(403);
    expect(res.code).toBe('AccessDenied');
  });

  it('rejects a presigned URL dated in the future', async () => {
    const date = new Date(Date.now() + 3600 * 1000);
    const url = await presign(
      server.port,
      { method: 'GET', path: `/${bucket}`, query: { location: '' } },
      60,
      { date },
    );
    const res = await sendUrl(server.port, 'GET', url);
    expect(res.status).toBe(403);
  });

  it('rejects a tampered presigned URL', async () => {
    const url = await presign(
      server.port,
      { method: 'GET', path: `/${bucket}`, query: { location: '' } },
      300,
    );
    const tampered = url.replace(`/${bucket}?`, `/${bucket}?acl=&`);
    const res = await sendUrl(server.port, 'GET', tampered);
    expect(res.status).toBe(403);
    expect(res.code).toBe('SignatureDoesNotMatch');
  });

  it('rejects an expiry longer than seven days', async () => {
    const url = await presign(
      server.port,
      { method: 'GET', path: `/${bucket}`, query: { location: '' } },
      604800,
    );
    const longer = url.replace('X-Amz-Expires=604800', 'X-Amz-Expires=604801');
    const res = await sendUrl(server.port, 'GET', longer);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
