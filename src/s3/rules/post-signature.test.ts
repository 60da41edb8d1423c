import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as ex from '../../auth/aws-examples.fixture.js';
import { verifyPostSignature } from './post-signature.js';

/** SigV2 POST policies: `signature` = base64 HMAC-SHA1(secret, base64 policy), computed here by hand. */
const POLICY = Buffer.from(
  '{"expiration":"2007-12-01T12:00:00.000Z","conditions":[{"bucket":"johnsmith"}]}',
).toString('base64');
const SIGNATURE = createHmac('sha1', ex.EXAMPLE_SECRET).update(POLICY).digest('base64');
const fields = (extra: Record<string, string>) => new Map(Object.entries({ policy: POLICY, ...extra }));

describe('verifyPostSignature with SigV2 fields', () => {
  it('returns the signer of a policy signed with its secret', async () => {
    const signer = await verifyPostSignature(
      fields({ awsaccesskeyid: ex.EXAMPLE_ACCESS_KEY, signature: SIGNATURE }),
      POLICY,
      ex.exampleLookup,
    );
    expect(signer).toEqual({
      principal: 'example-user',
      accessKeyId: ex.EXAMPLE_ACCESS_KEY,
      signatureVersion: 'AWS',
    });
  });

  it.each([
    [
      'a tampered signature',
      { awsaccesskeyid: ex.EXAMPLE_ACCESS_KEY, signature: `x${SIGNATURE.slice(1)}` },
      'SignatureDoesNotMatch',
    ],
    ['an unknown key', { awsaccesskeyid: 'AKIANOBODY', signature: SIGNATURE }, 'InvalidAccessKeyId'],
    ['no signature', { awsaccesskeyid: ex.EXAMPLE_ACCESS_KEY }, 'InvalidArgument'],
  ])('refuses %s', async (_name, extra, code) => {
    await expect(verifyPostSignature(fields(extra), POLICY, ex.exampleLookup)).rejects.toMatchObject({
      code,
    });
  });

  it('refuses a policy other than the one signed', async () => {
    const other = Buffer.from('{"expiration":"2099-01-01T00:00:00.000Z","conditions":[]}').toString('base64');
    const form = fields({ awsaccesskeyid: ex.EXAMPLE_ACCESS_KEY, signature: SIGNATURE });
    await expect(verifyPostSignature(form, other, ex.exampleLookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});
