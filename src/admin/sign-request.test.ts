import { describe, expect, it } from 'vitest';
import { authenticate } from '../auth/authenticate.js';
import { signRequest } from './sign-request.js';

const credentials = { accessKeyId: 'ROOTKEY', secretAccessKey: 'root-secret-123', region: 'us-east-1' };
const lookup = async (id: string) =>
  id === 'ROOTKEY' ? { secretAccessKey: 'root-secret-123', principal: 'root' } : undefined;

describe('signRequest', () => {
  it('produces headers the server verifies, body hash included', async () => {
    const url = new URL('http://127.0.0.1:5000/_ok/admin/accounts/al%20ice/keys?x=1');
    const body = '{"name":"alice"}';
    const headers = signRequest('POST', url, body, credentials);
    const auth = await authenticate(
      {
        method: 'POST',
        rawPath: url.pathname,
        rawQuery: 'x=1',
        rawHeaders: Object.entries(headers).flat(),
        now: new Date(),
      },
      lookup,
    );
    expect(auth.principal).toBe('root');
    expect(auth.payload).toEqual({ kind: 'sha256', hex: headers['x-amz-content-sha256'] });
  });

  it('is refused when signed with another secret', async () => {
    const url = new URL('http://127.0.0.1:5000/_ok/admin/accounts');
    const headers = signRequest('GET', url, '', { ...credentials, secretAccessKey: 'wrong-secret' });
    const input = {
      method: 'GET',
      rawPath: url.pathname,
      rawQuery: '',
      rawHeaders: Object.entries(headers).flat(),
    };
    await expect(authenticate({ ...input, now: new Date() }, lookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});
