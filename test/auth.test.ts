import { describe, expect, it } from 'vitest';
import { presign, sendRaw, sendUrl, signRequest } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'auth');

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
    expect([res.status, res.code]).toEqual([403, 'SignatureDoesNotMatch']);
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

  it('rejects malformed Authorization headers with 400 and the S3 error code, not a crash', async () => {
    // S3: a SigV4 header it cannot parse is AuthorizationHeaderMalformed, another scheme is
    // InvalidArgument "Unsupported Authorization Type".
    const bad: [string, string][] = [
      ['AWS4-HMAC-SHA256', 'AuthorizationHeaderMalformed'],
      ['AWS4-HMAC-SHA256 Credential=x', 'AuthorizationHeaderMalformed'],
      ['AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=zz', 'AuthorizationHeaderMalformed'],
      ['Bearer abc', 'InvalidArgument'],
      [`AWS4-HMAC-SHA256 Credential=${'x'.repeat(5000)}`, 'AuthorizationHeaderMalformed'],
    ];
    for (const [authorization, code] of bad) {
      const res = await sendRaw(server.port, {
        method: 'GET',
        path: '/',
        headers: {
          authorization,
          'x-amz-date': '20260101T000000Z',
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        },
      });
      expect([res.status, res.code], authorization.slice(0, 40)).toEqual([400, code]);
    }
  });

  it('verifies SigV2 instead of refusing it: an unknown key is InvalidAccessKeyId', async () => {
    const res = await sendRaw(server.port, {
      method: 'GET',
      path: '/',
      headers: { authorization: 'AWS key:c2lnbmF0dXJl', date: new Date().toUTCString() },
    });
    expect([res.status, res.code]).toEqual([403, 'InvalidAccessKeyId']);
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
    expect([res.status, res.code]).toEqual([403, 'AccessDenied']);
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
    expect([res.status, res.code]).toEqual([400, 'AuthorizationQueryParametersError']);
  });
});
