import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newAccount } from './support/accounts.js';
import { md5 } from './support/digests.js';
import { getObject, objectExists, objectText } from './support/object-reads.js';
import { browserForm, postLargeFile, signedPostFields } from './support/post-policy.js';
import { sendRaw } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

const server = useServer();
const bucket = useBucket(server, 'post', { legacy: true });

/** POSTs a form the way a browser does: no Authorization header, fetch's own multipart encoding. */
async function post(form: FormData, to = bucket) {
  const res = await fetch(`${server.endpoint}/${to}`, { method: 'POST', body: form, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

const stored = (key: string) => objectExists(server.s3, bucket, key);

describe('POST Object: HTML form uploads signed with a SigV4 POST policy', () => {
  it('stores the file with the metadata fields, answers 204 with the ETag, and GET returns it', async () => {
    const data = randomBytes(200_000);
    const fields = signedPostFields({
      bucket,
      key: 'a/d/book.pdf',
      fields: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': 'attachment; filename="book.pdf"',
        'x-amz-meta-owner': 'alice',
      },
      conditions: [
        ['eq', '$Content-Type', 'application/pdf'],
        ['starts-with', '$Content-Disposition', 'attachment'],
        ['eq', '$x-amz-meta-owner', 'alice'],
        ['content-length-range', 1, 1024 * 1024],
      ],
    });
    const res = await post(browserForm(fields, { name: 'book.pdf', data }));
    expect(res.status).toBe(204);
    expect(res.headers.get('etag')).toBe(`"${md5(data)}"`);

    const { res: got, body } = await getObject(server.s3, bucket, 'a/d/book.pdf');
    expect(md5(body)).toBe(md5(data));
    expect(got.ContentType).toBe('application/pdf');
    expect(got.ContentDisposition).toBe('attachment; filename="book.pdf"');
    expect(got.Metadata).toEqual({ owner: 'alice' });
  });

  it('replaces the filename placeholder in the key, stores the acl field, and answers 201 with a PostResponse document', async () => {
    const fields = signedPostFields({
      bucket,
      key: `uploads/${'$'}{filename}`, // S3's literal placeholder
      fields: { acl: 'public-read', success_action_status: '201' },
      conditions: [{ acl: 'public-read' }, ['eq', '$success_action_status', '201']],
    });
    const res = await post(browserForm(fields, { name: 'photo 1.png', data: 'png bytes' }));
    expect(res.status).toBe(201);
    expect(res.text).toContain('<PostResponse');
    expect(res.text).toContain(`<Location>${server.endpoint}/${bucket}/uploads/photo%201.png</Location>`);
    expect(res.text).toContain(`<Bucket>${bucket}</Bucket>`);
    expect(res.text).toContain('<Key>uploads/photo 1.png</Key>');
    expect(res.text).toMatch(new RegExp(`<ETag>(&quot;|")${md5('png bytes')}(&quot;|")</ETag>`));
    // public-read: a browser without credentials reads it.
    const anonymous = await sendRaw(server.port, { method: 'GET', path: `/${bucket}/uploads/photo%201.png` });
    expect(anonymous.text).toBe('png bytes');
  });

  it('redirects to success_action_redirect with bucket, key and etag (303)', async () => {
    const fields = signedPostFields({
      bucket,
      key: 'redirected.txt',
      fields: { success_action_redirect: 'https://example.com/done?from=form' },
      conditions: [['starts-with', '$success_action_redirect', 'https://example.com/']],
    });
    const res = await post(browserForm(fields, { name: 'r.txt', data: 'r' }));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://example.com/done');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      from: 'form',
      bucket,
      key: 'redirected.txt',
      etag: `"${md5('r')}"`,
    });
  });

  type FormOptions = Omit<Parameters<typeof signedPostFields>[0], 'bucket'> & { bucket?: string };
  // Options without the bucket: it is only named once beforeAll has run.
  const rejections: [string, FormOptions, number, string, RegExp?][] = [
    [
      'an expired policy',
      { key: 'r/expired', expiration: new Date(Date.now() - 1000) },
      403,
      'AccessDenied',
      /Policy expired/,
    ],
    ['a wrong signature', { key: 'r/badsig', signature: 'ab'.repeat(32) }, 403, 'SignatureDoesNotMatch'],
    ['an unknown access key', { key: 'r/nokey', accessKeyId: 'NOSUCHKEY' }, 403, 'InvalidAccessKeyId'],
    [
      'a key outside the starts-with prefix',
      { key: 'admin/x', conditions: [['starts-with', '$key', 'user/']] },
      403,
      'AccessDenied',
      /Policy Condition failed/,
    ],
    [
      'a field the policy does not cover',
      { key: 'r/extra', fields: { 'x-amz-meta-sneaky': '1' } },
      403,
      'AccessDenied',
      /Extra input fields: x-amz-meta-sneaky/,
    ],
    ['a policy for another bucket', { bucket: 'someone-else', key: 'r/other' }, 403, 'AccessDenied'],
    [
      'a file below content-length-range',
      { key: 'r/small', conditions: [['content-length-range', 100, 200]] },
      400,
      'EntityTooSmall',
    ],
  ];
  for (const [what, opts, status, code, message] of rejections) {
    it(`refuses ${what} (${code}) and stores nothing`, async () => {
      const form = signedPostFields({ bucket, ...opts });
      const res = await post(browserForm(form, { name: 'f.txt', data: 'ten bytes!' }));
      expect([res.status, res.code]).toEqual([status, code]);
      if (message) expect(res.text).toMatch(message);
      expect(await stored(opts.key)).toBe(false);
    });
  }

  it('refuses a form without a file (InvalidArgument)', async () => {
    const res = await post(browserForm(signedPostFields({ bucket, key: 'r/nofile' })));
    expect([res.status, res.code]).toEqual([400, 'InvalidArgument']);
    expect(res.text).toContain('exactly one file');
  });

  it('refuses a signer without write access to the bucket', async () => {
    const bob = await newAccount(server, 'post');
    const fields = signedPostFields({
      bucket,
      key: 'r/bob',
      accessKeyId: bob.key.accessKeyId,
      secretAccessKey: bob.key.secretAccessKey,
    });
    const res = await post(browserForm(fields, { name: 'b.txt', data: 'bob' }));
    expect([res.status, res.code]).toEqual([403, 'AccessDenied']);
    expect(await stored('r/bob')).toBe(false);
  });

  it('stops reading an upload over content-length-range: EntityTooLarge before the body is sent', async () => {
    const total = 256 * 1024 * 1024;
    const fields = signedPostFields({
      bucket,
      key: 'r/huge',
      conditions: [['content-length-range', 0, 1024 * 1024]],
    });
    const outcome = await postLargeFile(server.port, `/${bucket}`, fields, total);
    expect(outcome.status).toBe(400);
    // Head and error document go out in one write, before the server drops the connection.
    expect(outcome.text).toContain('<Code>EntityTooLarge</Code>');
    expect(outcome.sent).toBeLessThan(total / 4);
    expect(await stored('r/huge')).toBe(false);
  });
});

describe('POST Object without a policy: anonymous uploads', () => {
  it('are accepted by a public-read-write bucket and refused by a private one', async () => {
    const open = await server.bucket('post-open', { acl: 'public-read-write' });
    const ok = await post(browserForm([['key', 'anon.txt']], { name: 'anon.txt', data: 'hello' }), open);
    expect(ok.status).toBe(204);
    expect(await objectText(server.s3, open, 'anon.txt')).toBe('hello');

    const denied = await post(browserForm([['key', 'anon.txt']], { name: 'anon.txt', data: 'hello' }));
    expect([denied.status, denied.code]).toEqual([403, 'AccessDenied']);
    expect(await stored('anon.txt')).toBe(false);
  });
});
