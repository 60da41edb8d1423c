import { describe, expect, it } from 'vitest';
import { type AuthInput, authenticate } from './authenticate.js';
import { encodeKey, NOW, sdkLookup, sdkRequest, sdkSigner, toInput } from './smithy-signer.fixture.js';

describe('authenticate: presigned URLs from the AWS SDK signer', () => {
  async function presigned(expiresIn: number, signedAt = NOW): Promise<AuthInput> {
    const request = sdkRequest(
      'GET',
      `/bucket/${encodeKey('a b/ü')}`,
      {},
      { 'response-content-type': 'text/plain' },
    );
    // Like @aws-sdk/s3-request-presigner: an X-Amz-Content-Sha256 header, hoisted into the query.
    delete request.headers['x-amz-content-sha256'];
    request.headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    return toInput(await sdkSigner().presign(request, { expiresIn, signingDate: signedAt }));
  }

  it('accepts a URL inside its validity window', async () => {
    const input = await presigned(3600);
    const context = await authenticate({ ...input, now: new Date(NOW.getTime() + 3599_000) }, sdkLookup);
    expect(context.principal).toBe('sdk-user');
    expect(context.payload).toEqual({ kind: 'unsigned' });
    expect(input.rawQuery).toContain('X-Amz-Content-Sha256=UNSIGNED-PAYLOAD');
  });

  it('answers AccessDenied "Request has expired" after X-Amz-Expires', async () => {
    const input = await presigned(60);
    await expect(
      authenticate({ ...input, now: new Date(NOW.getTime() + 61_000) }, sdkLookup),
    ).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  it('answers AccessDenied "Request is not valid yet" for a URL dated over 15 minutes ahead', async () => {
    const input = await presigned(60, new Date(NOW.getTime() + 16 * 60_000));
    await expect(authenticate(input, sdkLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'Request is not valid yet',
    });
  });

  it('accepts the 7-day maximum and refuses anything longer or negative as malformed', async () => {
    await expect(authenticate(await presigned(604_800), sdkLookup)).resolves.toMatchObject({
      principal: 'sdk-user',
    });
    const tooLong = await presigned(604_800);
    const rawQuery = tooLong.rawQuery.replace('X-Amz-Expires=604800', 'X-Amz-Expires=604801');
    await expect(authenticate({ ...tooLong, rawQuery }, sdkLookup)).rejects.toMatchObject({
      code: 'AuthorizationQueryParametersError',
    });
    const negative = tooLong.rawQuery.replace('X-Amz-Expires=604800', 'X-Amz-Expires=-1');
    await expect(authenticate({ ...tooLong, rawQuery: negative }, sdkLookup)).rejects.toMatchObject({
      code: 'AuthorizationQueryParametersError',
      message: 'X-Amz-Expires must be non-negative',
    });
  });

  it('answers X-Amz-Expires=0 as expired (403 AccessDenied), even within the signing second', async () => {
    const input = await presigned(0);
    await expect(authenticate(input, sdkLookup)).rejects.toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: 'Request has expired',
    });
  });

  it('answers SignatureDoesNotMatch to a signature of the wrong length or alphabet', async () => {
    const input = await presigned(3600);
    const signature = /X-Amz-Signature=([0-9a-f]{64})/.exec(input.rawQuery)?.[1] ?? '';
    for (const tampered of [
      `${signature}0`,
      signature.slice(0, -1),
      `${signature.slice(0, -1)}g`,
      '%C3%A9',
    ]) {
      const rawQuery = input.rawQuery.replace(signature, tampered);
      await expect(authenticate({ ...input, rawQuery }, sdkLookup), tampered).rejects.toMatchObject({
        code: 'SignatureDoesNotMatch',
        status: 403,
      });
    }
  });

  it('rejects a URL whose query was changed after signing', async () => {
    const input = await presigned(3600);
    const rawQuery = input.rawQuery.replace('text%2Fplain', 'text%2Fhtml');
    await expect(authenticate({ ...input, rawQuery }, sdkLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('answers AuthorizationQueryParametersError when a parameter is missing', async () => {
    const input = await presigned(3600);
    const rawQuery = input.rawQuery.replace(/X-Amz-SignedHeaders=[^&]*&?/, '');
    await expect(authenticate({ ...input, rawQuery }, sdkLookup)).rejects.toMatchObject({
      code: 'AuthorizationQueryParametersError',
    });
  });
});
