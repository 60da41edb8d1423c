import {
  type CORSRule,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { newAccount } from './support/accounts.js';
import { arn, messageOf, putPolicy, signedBucketRequest } from './support/bucket-policies.js';
import { runPython } from './support/python.js';
import { presign, type RawResponse, sendRaw } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { uniqueBucket } from './support/test-server.js';
import { useBucket, useServer } from './support/use-server.js';

const DOMAIN = 's3.cors.test';
const server = useServer({ OKS3_DOMAIN: DOMAIN });
const configured = useBucket(server, 'cors');
const unconfigured = useBucket(server, 'nocors');

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';
const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

const RULES: CORSRule[] = [
  {
    ID: 'app',
    AllowedOrigins: ['http://app.example'],
    AllowedMethods: ['GET', 'PUT', 'POST'],
    AllowedHeaders: ['Content-Type', 'x-amz-*'],
    ExposeHeaders: ['ETag', 'x-amz-request-id'],
    MaxAgeSeconds: 600,
  },
  { AllowedOrigins: ['*'], AllowedMethods: ['HEAD'] },
];

async function putRules(bucket: string, rules: CORSRule[]) {
  await server.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
}

/** An unsigned OPTIONS, as a browser sends its preflight. */
function options(path: string, headers: Record<string, string>, rawQuery = ''): Promise<RawResponse> {
  return sendRaw(server.port, { method: 'OPTIONS', path, headers, rawQuery });
}

function corsHeaders(res: RawResponse): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(res.headers).filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
  );
}

function refusal(res: RawResponse) {
  return {
    status: res.status,
    code: res.code,
    message: messageOf(res),
    method: /<Method>([^<]*)<\/Method>/.exec(res.text)?.[1],
    type: /<ResourceType>([^<]*)<\/ResourceType>/.exec(res.text)?.[1],
  };
}

describe('Put/Get/DeleteBucketCors', () => {
  it('answers 404 NoSuchCORSConfiguration without rules, gives the rules back as put, and deletes them', async () => {
    const bucket = await server.bucket('cors-api');
    const before = await failure(server.s3.send(new GetBucketCorsCommand({ Bucket: bucket })));
    expect([before.name, before.$metadata.httpStatusCode]).toEqual(['NoSuchCORSConfiguration', 404]);
    await putRules(bucket, RULES);
    const got = await server.s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(got.CORSRules).toEqual(RULES);
    const deleted = await server.s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const after = await failure(server.s3.send(new GetBucketCorsCommand({ Bucket: bucket })));
    expect(after.name).toBe('NoSuchCORSConfiguration');
    const again = await signedBucketRequest(server.port, 'DELETE', bucket, 'cors');
    expect(again.status).toBe(204);
  });

  it('works from boto3: put, get, an unsupported method refused, delete', async () => {
    const bucket = await server.bucket('cors-boto3');
    const { stdout } = await runPython(['test/support/cors_boto3.py', bucket], server.endpoint);
    const rules = JSON.stringify([
      {
        AllowedHeaders: ['Authorization'],
        AllowedMethods: ['GET', 'HEAD'],
        AllowedOrigins: ['https://site.example'],
        ExposeHeaders: ['ETag'],
        ID: 'site',
        MaxAgeSeconds: 3000,
      },
    ]); // keys in order, as the script prints them
    expect(stdout.split('\n')).toEqual([
      'before 404 NoSuchCORSConfiguration',
      `rules ${rules}`,
      'bad 400 InvalidRequest',
      'deleted 204',
      'after 404 NoSuchCORSConfiguration',
      '',
    ]);
  });

  it('answers GetBucketCors with the document, each rule in S3 element order', async () => {
    const bucket = await server.bucket('cors-xml');
    await putRules(bucket, RULES);
    const res = await signedBucketRequest(server.port, 'GET', bucket, 'cors');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.text).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<CORSConfiguration ${NS}>` +
        '<CORSRule><ID>app</ID><AllowedHeader>Content-Type</AllowedHeader><AllowedHeader>x-amz-*</AllowedHeader>' +
        '<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod>' +
        '<AllowedOrigin>http://app.example</AllowedOrigin><ExposeHeader>ETag</ExposeHeader>' +
        '<ExposeHeader>x-amz-request-id</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule>' +
        '<CORSRule><AllowedMethod>HEAD</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule>' +
        '</CORSConfiguration>',
    );
  });

  const rule = (inner: string) =>
    `<CORSConfiguration ${NS}><CORSRule>${inner}</CORSRule></CORSConfiguration>`;
  const ok = '<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>';
  const refused: [string, string, string][] = [
    ['not XML', '<CORSConfiguration>', 'MalformedXML'],
    ['no rule', `<CORSConfiguration ${NS}></CORSConfiguration>`, 'MalformedXML'],
    ['a rule without an origin', rule('<AllowedMethod>GET</AllowedMethod>'), 'MalformedXML'],
    ['a rule without a method', rule('<AllowedOrigin>*</AllowedOrigin>'), 'MalformedXML'],
    ['a negative MaxAgeSeconds', rule(`${ok}<MaxAgeSeconds>-1</MaxAgeSeconds>`), 'MalformedXML'],
    [
      'an unsupported method',
      rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>'),
      'InvalidRequest',
    ],
    [
      'two wildcards in an origin',
      rule('<AllowedOrigin>*a*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>'),
      'InvalidRequest',
    ],
    ['two wildcards in a header', rule(`${ok}<AllowedHeader>*-*</AllowedHeader>`), 'InvalidRequest'],
    ['a wildcard in an exposed header', rule(`${ok}<ExposeHeader>x-*</ExposeHeader>`), 'InvalidRequest'],
    [
      '101 rules',
      `<CORSConfiguration ${NS}>${`<CORSRule>${ok}</CORSRule>`.repeat(101)}</CORSConfiguration>`,
      'InvalidRequest',
    ],
  ];
  const MESSAGES: Record<string, string> = {
    'an unsupported method': 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH',
    'two wildcards in an origin': 'AllowedOrigin "*a*" can not have more than one wildcard.',
    'two wildcards in a header': 'AllowedHeader "*-*" can not have more than one wildcard.',
    'a wildcard in an exposed header':
      'ExposeHeader "x-*" contains wildcard. We currently do not support wildcard for ExposeHeader.',
    '101 rules': 'The number of CORS rules should not exceed allowed limit of 100 rules.',
  };

  it.each(refused)('refuses %s with 400 and keeps the rules it had', async (what, body, code) => {
    await putRules(configured, RULES);
    const res = await signedBucketRequest(server.port, 'PUT', configured, 'cors', { body });
    expect([res.status, res.code]).toEqual([400, code]);
    expect(messageOf(res)).toBe(
      MESSAGES[what] ??
        'The XML you provided was not well-formed or did not validate against our published schema.',
    );
    const kept = await server.s3.send(new GetBucketCorsCommand({ Bucket: configured }));
    expect(kept.CORSRules).toEqual(RULES);
  });

  it('refuses a document over 64 KB before parsing it', async () => {
    const body = rule(`${ok}<ID>${'x'.repeat(64 * 1024)}</ID>`);
    const res = await signedBucketRequest(server.port, 'PUT', configured, 'cors', { body });
    expect([res.status, res.code]).toEqual([400, 'EntityTooLarge']);
  });

  it("is the bucket owner's, or the account a policy grants s3:PutBucketCORS (delete too) or s3:GetBucketCORS", async () => {
    const bucket = await server.bucket('cors-owner');
    const other = await newAccount(server.server, 'corsother');
    const put = () =>
      other.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: RULES } }));
    expect((await failure(put())).name).toBe('AccessDenied');
    const principal = { AWS: other.account.accountId };
    await putPolicy(server.s3, bucket, {
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:PutBucketCORS',
      Resource: arn(bucket),
    });
    await put();
    expect((await failure(other.s3.send(new GetBucketCorsCommand({ Bucket: bucket })))).name).toBe(
      'AccessDenied',
    );
    const got = await server.s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(got.CORSRules).toEqual(RULES);
    await other.s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect((await failure(server.s3.send(new GetBucketCorsCommand({ Bucket: bucket })))).name).toBe(
      'NoSuchCORSConfiguration',
    );
  });
});

describe('preflight OPTIONS, answered without authentication', () => {
  const origin = 'http://app.example';

  it('needs an Origin: 400 BadRequest on a bucket, an object, the service and a presigned URL', async () => {
    await putRules(configured, RULES);
    const url = await presign(server.port, { method: 'PUT', path: `/${configured}/k` }, 300);
    const query = url.slice(url.indexOf('?') + 1);
    for (const [path, q] of [
      [`/${configured}`, ''],
      [`/${configured}/k`, ''],
      ['/', ''],
      [`/${configured}/k`, query],
    ]) {
      const res = await options(path!, { 'Access-Control-Request-Method': 'PUT' }, q);
      expect(refusal(res)).toEqual({
        status: 400,
        code: 'BadRequest',
        message: 'Insufficient information. Origin request header needed.',
        method: undefined,
        type: undefined,
      });
    }
  });

  it('refuses an unknown method at once, and a method no rule can allow once rules exist', async () => {
    await putRules(configured, RULES);
    const blah = await options(`/${unconfigured}/k`, {
      Origin: origin,
      'Access-Control-Request-Method': 'BLAH',
    });
    expect(refusal(blah)).toMatchObject({
      status: 400,
      code: 'BadRequest',
      message: 'Invalid Access-Control-Request-Method: BLAH',
    });
    const none = await options(`/${configured}/k`, { Origin: origin });
    expect(refusal(none)).toMatchObject({
      status: 400,
      code: 'BadRequest',
      message: 'Invalid Access-Control-Request-Method: null',
    });
    const opt = await options(`/${configured}/k`, {
      Origin: origin,
      'Access-Control-Request-Method': 'OPTIONS',
    });
    expect(refusal(opt)).toMatchObject({
      status: 400,
      message: 'Invalid Access-Control-Request-Method: OPTIONS',
    });
  });

  it('answers 403 AccessForbidden for a missing bucket and for a bucket without rules', async () => {
    const missing = await options(`/${uniqueBucket('gone')}/k`, {
      Origin: origin,
      'Access-Control-Request-Method': 'PUT',
    });
    expect(refusal(missing)).toEqual({
      status: 403,
      code: 'AccessForbidden',
      message: 'CORSResponse: Bucket not found',
      method: 'PUT',
      type: 'BUCKET',
    });
    const disabled = await options(`/${unconfigured}/k`, { Origin: origin });
    expect(refusal(disabled)).toEqual({
      status: 403,
      code: 'AccessForbidden',
      message: 'CORSResponse: CORS is not enabled for this bucket.',
      method: 'OPTIONS',
      type: 'BUCKET',
    });
    expect(corsHeaders(disabled)).toEqual({});
  });

  it('answers 403 when no rule allows the origin, the method or every requested header', async () => {
    await putRules(configured, RULES);
    const cases: [string, Record<string, string>, string][] = [
      [
        `/${configured}/k`,
        { Origin: 'http://app.example:80', 'Access-Control-Request-Method': 'GET' },
        'OBJECT',
      ],
      [`/${configured}`, { Origin: origin, 'Access-Control-Request-Method': 'DELETE' }, 'BUCKET'],
      [
        `/${configured}/k`,
        {
          Origin: origin,
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'content-type,range',
        },
        'OBJECT',
      ],
    ];
    for (const [path, headers, type] of cases) {
      const res = await options(path, headers);
      expect(refusal(res)).toEqual({
        status: 403,
        code: 'AccessForbidden',
        message: NOT_ALLOWED,
        method: headers['Access-Control-Request-Method'],
        type,
      });
      expect(corsHeaders(res)).toEqual({});
    }
  });

  it("answers a match with the rule's headers and the requested ones, lower-cased, and an empty body", async () => {
    await putRules(configured, RULES);
    const res = await options(`/${configured}/a/b.txt`, {
      Origin: origin,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'Content-Type,X-Amz-Meta-Owner',
    });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-length']).toBe('0');
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, PUT, POST',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'content-type, x-amz-meta-owner',
      'access-control-expose-headers': 'ETag, x-amz-request-id',
      'access-control-max-age': '600',
      vary: VARY,
    });
  });

  it('answers * without credentials for a rule open to every origin', async () => {
    await putRules(configured, RULES);
    const res = await options(`/${configured}`, {
      Origin: 'http://anyone.example',
      'Access-Control-Request-Method': 'HEAD',
    });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'HEAD',
      vary: VARY,
    });
  });

  it('ignores credentials and presigned signatures: a forged Authorization or a presigned PUT URL is answered', async () => {
    await putRules(configured, RULES);
    const headers = { Origin: origin, 'Access-Control-Request-Method': 'PUT' };
    const forged = await options(`/${configured}/k`, {
      ...headers,
      Authorization:
        'AWS4-HMAC-SHA256 Credential=nobody/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
    });
    expect(forged.status).toBe(200);
    const url = await presign(server.port, { method: 'PUT', path: `/${configured}/k` }, 300);
    const presigned = await options(`/${configured}/k`, headers, url.slice(url.indexOf('?') + 1));
    expect(presigned.status).toBe(200);
    expect(presigned.headers['access-control-allow-origin']).toBe(origin);
  });

  it('answers virtual-hosted-style URLs from the bucket in the Host', async () => {
    await putRules(configured, RULES);
    const host = `${configured}.${DOMAIN}:${server.port}`;
    const res = await options('/k', { Host: host, Origin: origin, 'Access-Control-Request-Method': 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-methods']).toBe('GET, PUT, POST');
    const refused = await options('/k', {
      Host: `${unconfigured}.${DOMAIN}`,
      Origin: origin,
      'Access-Control-Request-Method': 'GET',
    });
    expect(refusal(refused).message).toBe('CORSResponse: CORS is not enabled for this bucket.');
  });

  it('applies new rules at once and stops after DeleteBucketCors', async () => {
    const bucket = await server.bucket('cors-live');
    const ask = () => options(`/${bucket}/k`, { Origin: origin, 'Access-Control-Request-Method': 'GET' });
    expect((await ask()).status).toBe(403);
    await putRules(bucket, RULES);
    expect((await ask()).status).toBe(200);
    await server.s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect(refusal(await ask()).message).toBe('CORSResponse: CORS is not enabled for this bucket.');
  });
});
