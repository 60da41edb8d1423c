import {
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { newAccount } from './support/accounts.js';
import { arn, messageOf, putPolicy } from './support/bucket-policies.js';
import { type RawResponse, sendRaw, signRequest } from './support/raw-http.js';
import { codeOf } from './support/s3-failure.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'lc-check');

/** A signed raw request to `/{bucket}?lifecycle`, so every refusal is seen as sent. */
async function raw(method: string, body?: string): Promise<RawResponse> {
  const headers: Record<string, string> =
    body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  const req = { method, path: `/${bucket}`, query: { lifecycle: '' }, headers, body };
  return sendRaw(server.port, await signRequest(server.port, req));
}

const config = (...rules: string[]) => `<LifecycleConfiguration>${rules.join('')}</LifecycleConfiguration>`;
const rule = (inner: string, status = 'Enabled') => `<Rule><Status>${status}</Status>${inner}</Rule>`;
const days1 = '<Expiration><Days>1</Days></Expiration>';

async function answer(body: string) {
  const res = await raw('PUT', body);
  return [res.status, res.code, messageOf(res)];
}

describe('PutBucketLifecycleConfiguration refuses what S3 refuses', () => {
  it('answers schema violations with MalformedXML', async () => {
    const malformed = [400, 'MalformedXML', expect.any(String)];
    expect(await answer('<LifecycleConfiguration></LifecycleConfiguration>')).toEqual(malformed);
    expect(await answer(config(rule(`<Filter><Prefix>a</Prefix></Filter>${days1}`, 'enabled')))).toEqual(
      malformed,
    );
    expect(await answer(config(`<Rule><Filter/>${days1}</Rule>`))).toEqual(malformed);
    // Two predicates outside And; Filter and the legacy Prefix together; neither.
    const twoPredicates = '<Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter>';
    expect(await answer(config(rule(`${twoPredicates}${days1}`)))).toEqual(malformed);
    expect(await answer(config(rule(`<Prefix>a</Prefix><Filter/>${days1}`)))).toEqual(malformed);
    expect(await answer(config(rule(days1)))).toEqual(malformed);
    // Days with ExpiredObjectDeleteMarker; Days that are not a number; an unknown element.
    const both =
      '<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>';
    expect(await answer(config(rule(`<Filter/>${both}`)))).toEqual(malformed);
    expect(await answer(config(rule('<Filter/><Expiration><Days>one</Days></Expiration>')))).toEqual(
      malformed,
    );
    expect(await answer(config(rule(`<Filter/>${days1}<Colour>red</Colour>`)))).toEqual(malformed);
  });

  it('answers bad values with InvalidArgument', async () => {
    expect(await answer(config(rule('<Filter/><Expiration><Days>0</Days></Expiration>')))).toEqual([
      400,
      'InvalidArgument',
      "'Days' for Expiration action must be a positive integer",
    ]);
    expect(
      await answer(config(rule('<Filter/><Expiration><Date>2030-01-01T12:00:00.000Z</Date></Expiration>'))),
    ).toEqual([400, 'InvalidArgument', "'Date' must be at midnight GMT"]);
    expect(await answer(config(rule(`<ID>${'i'.repeat(256)}</ID><Filter/>${days1}`)))).toEqual([
      400,
      'InvalidArgument',
      'ID length should not exceed allowed limit of 255',
    ]);
    const twice = rule(`<ID>same</ID><Filter/>${days1}`);
    expect(await answer(config(twice, twice))).toEqual([
      400,
      'InvalidArgument',
      'Rule ID must be unique. Found same ID for more than one rule',
    ]);
    const tagged = '<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>';
    expect(
      await answer(
        config(
          rule(
            `${tagged}<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>`,
          ),
        ),
      ),
    ).toEqual([400, 'InvalidArgument', 'AbortIncompleteMultipartUpload cannot be specified with Tags']);
    expect(
      await answer(
        config(
          rule(
            '<Filter/><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>101</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
          ),
        ),
      ),
    ).toEqual([
      400,
      'InvalidArgument',
      "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be between 1 and 100",
    ]);
  });

  it('answers contradictions, transitions and too many rules with InvalidRequest', async () => {
    expect(await answer(config(rule('<Filter/>')))).toEqual([
      400,
      'InvalidRequest',
      'At least one action needs to be specified in a rule',
    ]);
    const transition = '<Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>';
    const [status, code, message] = await answer(config(rule(`<Filter/>${transition}`)));
    expect([status, code]).toEqual([400, 'InvalidRequest']);
    expect(message).toMatch(/^Transition actions are not supported: OK-S3 has a single storage class/);
    const noncurrentTransition =
      '<NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>';
    expect((await answer(config(rule(`<Filter/>${days1}${noncurrentTransition}`))))[1]).toBe(
      'InvalidRequest',
    );
    const many = Array.from({ length: 1001 }, (_, i) => rule(`<ID>r${i}</ID><Filter/>${days1}`));
    expect(await answer(config(...many))).toEqual([
      400,
      'InvalidRequest',
      'The number of lifecycle rules should not exceed allowed limit of 1000 rules.',
    ]);
  });

  it('keeps nothing of a refused configuration; 1000 rules are accepted', async () => {
    expect((await raw('GET')).code).toBe('NoSuchLifecycleConfiguration');
    const many = Array.from({ length: 1000 }, (_, i) =>
      rule(`<ID>r${i}</ID><Filter><Prefix>p${i}/</Prefix></Filter>${days1}`),
    );
    expect((await raw('PUT', config(...many))).status).toBe(200);
    const got = await raw('GET');
    expect(got.status).toBe(200);
    expect(got.text.match(/<Rule>/g)).toHaveLength(1000);
    expect((await raw('DELETE')).status).toBe(204);
    expect((await raw('GET')).status).toBe(404);
  });

  it('keeps the legacy top-level Prefix as it was written', async () => {
    expect((await raw('PUT', config(rule(`<ID>old</ID><Prefix>logs/</Prefix>${days1}`)))).status).toBe(200);
    const got = await raw('GET');
    expect(got.text).toContain(
      '<Rule><ID>old</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>',
    );
  });
});

describe('who may manage lifecycle rules', () => {
  it("is the bucket owner's, and whoever a policy allows the lifecycle actions", async () => {
    const other = await newAccount(server, 'lc-other');
    const owned = await server.bucket('lc-access');
    const Rules = [{ ID: 'r', Status: 'Enabled' as const, Filter: {}, Expiration: { Days: 5 } }];
    const putBy = (s3: typeof server.s3) =>
      s3.send(
        new PutBucketLifecycleConfigurationCommand({ Bucket: owned, LifecycleConfiguration: { Rules } }),
      );
    const getBy = (s3: typeof server.s3) =>
      s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: owned }));
    expect(await codeOf(putBy(other.s3))).toBe('AccessDenied');
    expect(await codeOf(putBy(server.s3))).toBe('no error');
    expect(await codeOf(getBy(other.s3))).toBe('AccessDenied');
    expect(await codeOf(other.s3.send(new DeleteBucketLifecycleCommand({ Bucket: owned })))).toBe(
      'AccessDenied',
    );
    await putPolicy(server.s3, owned, {
      Effect: 'Allow',
      Principal: { AWS: other.account.accountId },
      Action: ['s3:GetLifecycleConfiguration'],
      Resource: [arn(owned)],
    });
    expect((await getBy(other.s3)).Rules?.map((r) => r.ID)).toEqual(['r']);
    expect(await codeOf(putBy(other.s3))).toBe('AccessDenied');
  });
});
