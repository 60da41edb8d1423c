import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type Tag,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { newAccount, type TestAccount } from './support/accounts.js';
import { arn, messageOf, putPolicy } from './support/bucket-policies.js';
import { browserForm, signedPostFields } from './support/post-policy.js';
import { type RawResponse, sendRaw, signRequest } from './support/raw-http.js';
import { failure } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer();
let bob: TestAccount;
beforeAll(async () => {
  bob = await newAccount(server, 'tagger');
});

const tagsOf = async (Bucket: string, Key: string, VersionId?: string) =>
  (await server.s3.send(new GetObjectTaggingCommand({ Bucket, Key, VersionId }))).TagSet;

const taggingXml = (tags: [string, string][]) =>
  `<Tagging><TagSet>${tags.map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`).join('')}</TagSet></Tagging>`;

/** A signed raw request to `/{bucket}[/{key}]?tagging`, so every refusal is seen as sent. */
async function rawTagging(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const withLength =
    body === undefined ? headers : { 'content-length': String(Buffer.byteLength(body)), ...headers };
  const req = { method, path, query: { tagging: '' }, headers: withLength, body };
  return sendRaw(server.port, await signRequest(server.port, req));
}

async function rawPut(path: string, headers: Record<string, string>, body = 'data'): Promise<RawResponse> {
  const req = { method: 'PUT', path, headers: { 'content-length': String(body.length), ...headers }, body };
  return sendRaw(server.port, await signRequest(server.port, req));
}

const answer = (res: RawResponse) => [res.status, res.code, messageOf(res)];

describe('object tagging: Put/Get/DeleteObjectTagging', () => {
  it('sets, reads (in key order), replaces and removes the tags of an object', async () => {
    const bucket = await server.bucket('tags');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
    expect(await tagsOf(bucket, 'k')).toEqual([]);
    const put = await server.s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'k',
        Tagging: {
          TagSet: [
            { Key: 'team', Value: 'storage' },
            { Key: 'Cost Center', Value: '12 + 3' },
            { Key: 'empty', Value: '' },
          ],
        },
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(200);
    expect(await tagsOf(bucket, 'k')).toEqual([
      { Key: 'Cost Center', Value: '12 + 3' },
      { Key: 'empty', Value: '' },
      { Key: 'team', Value: 'storage' },
    ]);
    await server.s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'k',
        Tagging: { TagSet: [{ Key: 'only', Value: '1' }] },
      }),
    );
    expect(await tagsOf(bucket, 'k')).toEqual([{ Key: 'only', Value: '1' }]);
    const deleted = await server.s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'k' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await tagsOf(bucket, 'k')).toEqual([]);
  });

  it('answers an empty TagSet element for an object without tags, and an empty TagSet put removes them', async () => {
    const bucket = await server.bucket('tags-empty');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', Tagging: 'a=1' }));
    const put = await rawTagging('PUT', `/${bucket}/k`, '<Tagging><TagSet></TagSet></Tagging>');
    expect(put.status).toBe(200);
    const got = await rawTagging('GET', `/${bucket}/k`);
    expect(got.status).toBe(200);
    expect(got.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet></TagSet></Tagging>',
    );
  });

  it('is per version: ?versionId= reads and writes one version, the header says which', async () => {
    const bucket = await server.bucket('tags-versions', { versioning: 'Enabled' });
    const v1 = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '1', Tagging: 'gen=1' }),
    );
    const v2 = await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '2' }));
    expect(await tagsOf(bucket, 'k')).toEqual([]);
    expect(await tagsOf(bucket, 'k', v1.VersionId)).toEqual([{ Key: 'gen', Value: '1' }]);
    const put = await server.s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'k',
        VersionId: v2.VersionId,
        Tagging: { TagSet: [{ Key: 'gen', Value: '2' }] },
      }),
    );
    expect(put.VersionId).toBe(v2.VersionId);
    const current = await server.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'k' }));
    expect([current.VersionId, current.TagSet]).toEqual([v2.VersionId, [{ Key: 'gen', Value: '2' }]]);
    const del = await server.s3.send(
      new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }),
    );
    expect(del.VersionId).toBe(v1.VersionId);
    expect(await tagsOf(bucket, 'k', v1.VersionId)).toEqual([]);
    expect(await tagsOf(bucket, 'k', v2.VersionId)).toEqual([{ Key: 'gen', Value: '2' }]);
    const missing = await failure(
      server.s3.send(
        new GetObjectTaggingCommand({
          Bucket: bucket,
          Key: 'k',
          VersionId: '00000000-0000-1000-8000-000000000000',
        }),
      ),
    );
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchVersion', 404]);
  });

  it('is NoSuchKey for a key that does not exist', async () => {
    const bucket = await server.bucket('tags-missing');
    const err = await failure(server.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'none' })));
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
  });

  it('a new PUT of the key starts without tags, as on S3', async () => {
    const bucket = await server.bucket('tags-overwrite');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '1', Tagging: 'a=1' }));
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '2' }));
    expect(await tagsOf(bucket, 'k')).toEqual([]);
  });
});

describe('tags given with the write: PutObject, CopyObject, CreateMultipartUpload, PostObject', () => {
  it('PutObject takes x-amz-tagging as URL query parameters', async () => {
    const bucket = await server.bucket('tags-put');
    await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', Tagging: 'b=2&a=x%2Fy&c+d=e+f&bare' }),
    );
    expect(await tagsOf(bucket, 'k')).toEqual([
      { Key: 'a', Value: 'x/y' },
      { Key: 'b', Value: '2' },
      { Key: 'bare', Value: '' },
      { Key: 'c d', Value: 'e f' },
    ]);
  });

  it('a presigned PutObject applies the x-amz-tagging its presigner hoisted into the URL', async () => {
    const bucket = await server.bucket('tags-presigned');
    const command = new PutObjectCommand({ Bucket: bucket, Key: 'k', Tagging: 'via=url&n=2' });
    const url = await getSignedUrl(server.s3, command, { expiresIn: 300 });
    expect(new URL(url).searchParams.get('x-amz-tagging')).toBe('via=url&n=2');
    const res = await fetch(url, { method: 'PUT', body: 'presigned' });
    expect(res.status).toBe(200);
    expect(await tagsOf(bucket, 'k')).toEqual([
      { Key: 'n', Value: '2' },
      { Key: 'via', Value: 'url' },
    ]);
  });

  it('GET and HEAD answer x-amz-tagging-count only when the version has tags', async () => {
    const bucket = await server.bucket('tags-count');
    await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'tagged', Body: 'x', Tagging: 'a=1&b=2&c=3' }),
    );
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain', Body: 'y' }));
    const get = await server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'tagged' }));
    expect(get.TagCount).toBe(3);
    await get.Body?.transformToString();
    const head = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'tagged' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    const raw = await sendRaw(
      server.port,
      await signRequest(server.port, { method: 'HEAD', path: `/${bucket}/tagged` }),
    );
    expect(raw.headers['x-amz-tagging-count']).toBe('3');
    const plain = await sendRaw(
      server.port,
      await signRequest(server.port, { method: 'HEAD', path: `/${bucket}/plain` }),
    );
    expect(plain.status).toBe(200);
    expect(plain.headers['x-amz-tagging-count']).toBeUndefined();
  });

  it('GET and HEAD read no tags in a bucket whose objects never had any, and do once one has', async () => {
    const bucket = await server.bucket('tags-never');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'z' }));
    const reads = vi.spyOn(server.running.context.objects, 'tags');
    try {
      const get = await server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
      await get.Body?.transformToString();
      expect(get.TagCount).toBeUndefined();
      await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }));
      expect(reads).toHaveBeenCalledTimes(0);
      await server.s3.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: 'k',
          Tagging: { TagSet: [{ Key: 't', Value: '1' }] },
        }),
      );
      const tagged = await server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }));
      expect(tagged.TagCount).toBe(1);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('CopyObject copies the source tags by default (COPY) and takes x-amz-tagging with REPLACE', async () => {
    const bucket = await server.bucket('tags-copy');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'x', Tagging: 's=1&t=2' }));
    const source = `${bucket}/src`;
    await server.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'default', CopySource: source }));
    await server.s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'copy',
        CopySource: source,
        TaggingDirective: 'COPY',
        Tagging: 'ignored=1',
      }),
    );
    await server.s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'replace',
        CopySource: source,
        TaggingDirective: 'REPLACE',
        Tagging: 'new=yes',
      }),
    );
    await server.s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'none', CopySource: source, TaggingDirective: 'REPLACE' }),
    );
    const sourceTags = [
      { Key: 's', Value: '1' },
      { Key: 't', Value: '2' },
    ];
    expect(await tagsOf(bucket, 'default')).toEqual(sourceTags);
    expect(await tagsOf(bucket, 'copy')).toEqual(sourceTags);
    expect(await tagsOf(bucket, 'replace')).toEqual([{ Key: 'new', Value: 'yes' }]);
    expect(await tagsOf(bucket, 'none')).toEqual([]);
    const bad = await rawPut(
      `/${bucket}/bad`,
      {
        'x-amz-copy-source': `/${source}`,
        'x-amz-tagging-directive': 'MERGE',
      },
      '',
    );
    expect(answer(bad)).toEqual([400, 'InvalidArgument', 'Unknown tagging directive.']);
  });

  it('CreateMultipartUpload stores x-amz-tagging with the upload and Complete gives it to the object', async () => {
    const bucket = await server.bucket('tags-mpu');
    const { UploadId } = await server.s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big', Tagging: 'kind=multipart&n=1' }),
    );
    const part = await server.s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'big', UploadId, PartNumber: 1, Body: 'only part' }),
    );
    await server.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'big',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(await tagsOf(bucket, 'big')).toEqual([
      { Key: 'kind', Value: 'multipart' },
      { Key: 'n', Value: '1' },
    ]);
    const bad = await failure(
      server.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'bad', Tagging: 'a=1&a=2' })),
    );
    expect([bad.name, bad.$metadata.httpStatusCode]).toEqual(['InvalidArgument', 400]);
  });

  it('PostObject takes the `tagging` field, an XML Tagging document, and refuses a bad one', async () => {
    const bucket = await server.bucket('tags-post');
    const post = async (key: string, tagging: string) => {
      const fields = signedPostFields({
        bucket,
        key,
        fields: { tagging },
        conditions: [['eq', '$tagging', tagging]],
      });
      const res = await fetch(`${server.endpoint}/${bucket}`, {
        method: 'POST',
        body: browserForm(fields, { name: 'f.txt', data: 'form file' }),
      });
      const text = await res.text();
      return { status: res.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
    };
    expect(
      (
        await post(
          'form',
          taggingXml([
            ['from', 'form'],
            ['a', 'b'],
          ]),
        )
      ).status,
    ).toBe(204);
    expect(await tagsOf(bucket, 'form')).toEqual([
      { Key: 'a', Value: 'b' },
      { Key: 'from', Value: 'form' },
    ]);
    expect(
      await post(
        'dup',
        taggingXml([
          ['a', '1'],
          ['a', '2'],
        ]),
      ),
    ).toEqual({ status: 400, code: 'InvalidTag' });
    expect(await post('broken', '<Tagging><TagSet>')).toEqual({ status: 400, code: 'MalformedXML' });
    const missing = await failure(
      server.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'dup' })),
    );
    expect(missing.name).toBe('NoSuchKey');
  });
});

describe("S3's limits and errors, exactly", () => {
  let bucket: string;
  beforeAll(async () => {
    bucket = await server.bucket('tags-limits');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
  });
  const put = (tags: [string, string][]) => rawTagging('PUT', `/${bucket}/k`, taggingXml(tags));
  const eleven = Array.from({ length: 11 }, (_, i): [string, string] => [`k${i}`, 'v']);

  it('accepts 10 tags of 128-character keys and 256-character values', async () => {
    const ten = Array.from({ length: 10 }, (_, i): [string, string] => [
      `${i}`.padEnd(128, 'k'),
      'v'.repeat(256),
    ]);
    expect((await put(ten)).status).toBe(200);
    expect(await tagsOf(bucket, 'k')).toHaveLength(10);
  });

  it('refuses each bad tag set with S3 code, status and message, and keeps the tags it had', async () => {
    await server.s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'k',
        Tagging: { TagSet: [{ Key: 'kept', Value: '1' }] },
      }),
    );
    const cases: [string, [string, string][], unknown[]][] = [
      ['11 tags', eleven, [400, 'BadRequest', 'Object tags cannot be greater than 10']],
      [
        'a duplicate key',
        [
          ['a', '1'],
          ['a', '2'],
        ],
        [400, 'InvalidTag', 'Cannot provide multiple Tags with the same key'],
      ],
      [
        'a 129-character key',
        [['k'.repeat(129), 'v']],
        [400, 'InvalidTag', 'The TagKey you have provided is invalid'],
      ],
      ['an empty key', [['', 'v']], [400, 'InvalidTag', 'The TagKey you have provided is invalid']],
      [
        'a 257-character value',
        [['k', 'v'.repeat(257)]],
        [400, 'InvalidTag', 'The TagValue you have provided is invalid'],
      ],
      ['a comma in a key', [['a,b', 'v']], [400, 'InvalidTag', 'The TagKey you have provided is invalid']],
      ['a * in a value', [['k', 'a*b']], [400, 'InvalidTag', 'The TagValue you have provided is invalid']],
      ['an aws: key', [['aws:owner', 'me']], [400, 'InvalidTag', 'Your TagKey cannot be prefixed with aws:']],
    ];
    for (const [what, tags, expected] of cases) {
      expect(answer(await put(tags)), what).toEqual(expected);
    }
    expect(await tagsOf(bucket, 'k')).toEqual([{ Key: 'kept', Value: '1' }]);
  });

  it('names the tag at fault in the error document', async () => {
    const res = await put([
      ['ok', '1'],
      ['k', 'bad!'],
    ]);
    expect(res.text).toContain('<TagKey>k</TagKey><TagValue>bad!</TagValue>');
  });

  it('is MalformedXML for a document that is not a Tagging with a TagSet of Key/Value tags', async () => {
    for (const body of [
      '<Tagging/>',
      '<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>',
      '<NotTagging><TagSet/></NotTagging>',
      'not xml',
    ]) {
      const res = await rawTagging('PUT', `/${bucket}/k`, body);
      expect([res.status, res.code], body).toEqual([400, 'MalformedXML']);
    }
  });

  it('x-amz-tagging on PutObject: the same limits, InvalidArgument for what is no query string, nothing stored', async () => {
    const tooMany = eleven.map(([k, v]) => `${k}=${v}`).join('&');
    const cases: [string, unknown[]][] = [
      [tooMany, [400, 'BadRequest', 'Object tags cannot be greater than 10']],
      ['k=a%2Cb', [400, 'InvalidTag', 'The TagValue you have provided is invalid']],
      ['aws%3Ax=1', [400, 'InvalidTag', 'Your TagKey cannot be prefixed with aws:']],
      [
        'a=1&a=2',
        [
          400,
          'InvalidArgument',
          "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
        ],
      ],
    ];
    for (const [header, expected] of cases) {
      const res = await rawPut(`/${bucket}/refused`, { 'x-amz-tagging': header });
      expect(answer(res), header).toEqual(expected);
    }
    const stored = await failure(server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'refused' })));
    expect(stored.$metadata.httpStatusCode).toBe(404);
  });
});

describe('bucket tagging: Put/Get/DeleteBucketTagging', () => {
  it('is NoSuchTagSet until tags are put, answers them in key order, and again after delete', async () => {
    const bucket = await server.bucket('btags');
    const none = await failure(server.s3.send(new GetBucketTaggingCommand({ Bucket: bucket })));
    expect([none.name, none.$metadata.httpStatusCode, none.message]).toEqual([
      'NoSuchTagSet',
      404,
      'The TagSet does not exist',
    ]);
    const put = await server.s3.send(
      new PutBucketTaggingCommand({
        Bucket: bucket,
        Tagging: {
          TagSet: [
            { Key: 'project', Value: 'ok-s3' },
            { Key: 'env', Value: 'test' },
          ],
        },
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(204);
    const got = await server.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    expect(got.TagSet).toEqual([
      { Key: 'env', Value: 'test' },
      { Key: 'project', Value: 'ok-s3' },
    ]);
    const del = await server.s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect((await failure(server.s3.send(new GetBucketTaggingCommand({ Bucket: bucket })))).name).toBe(
      'NoSuchTagSet',
    );
  });

  it('takes 50 tags, refuses 51 and bad tags with S3 codes, and never inherits old tags after re-creation', async () => {
    const bucket = await server.bucket('btags-limits');
    const fifty: Tag[] = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: `${i}` }));
    await server.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: fifty } }));
    expect((await server.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toHaveLength(50);
    const tooMany = taggingXml(Array.from({ length: 51 }, (_, i): [string, string] => [`k${i}`, 'v']));
    expect(answer(await rawTagging('PUT', `/${bucket}`, tooMany))).toEqual([
      400,
      'BadRequest',
      'Bucket tag count cannot be greater than 50',
    ]);
    expect(answer(await rawTagging('PUT', `/${bucket}`, taggingXml([['aws:x', 'v']])))).toEqual([
      400,
      'InvalidTag',
      'System tags cannot be added/updated by requester',
    ]);
    expect(
      answer(
        await rawTagging(
          'PUT',
          `/${bucket}`,
          taggingXml([
            ['d', '1'],
            ['d', '1'],
          ]),
        ),
      ),
    ).toEqual([400, 'InvalidTag', 'Cannot provide multiple Tags with the same key']);
    expect((await server.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toHaveLength(50);
    await server.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    await server.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const fresh = await failure(server.s3.send(new GetBucketTaggingCommand({ Bucket: bucket })));
    expect(fresh.name).toBe('NoSuchTagSet');
  });
});

describe('permissions', () => {
  it('another account is denied every tagging action on objects and buckets it does not own', async () => {
    const bucket = await server.bucket('tags-denied');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', Tagging: 'a=1' }));
    await server.s3.send(
      new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'b', Value: '1' }] } }),
    );
    const TagSet = [{ Key: 'evil', Value: '1' }];
    const calls = [
      () => bob.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'k' })),
      () => bob.s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'k', Tagging: { TagSet } })),
      () => bob.s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'k' })),
      () => bob.s3.send(new GetBucketTaggingCommand({ Bucket: bucket })),
      () => bob.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet } })),
      () => bob.s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket })),
    ];
    for (const call of calls) {
      const err = await failure(call());
      expect([err.name, err.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    }
    expect(await tagsOf(bucket, 'k')).toEqual([{ Key: 'a', Value: '1' }]);
    expect((await server.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toEqual([
      { Key: 'b', Value: '1' },
    ]);
  });

  it('a READ grant opens the object, not its tags (no ACL grants tagging)', async () => {
    const bucket = await server.bucket('tags-acl', { legacy: true });
    await server.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'k',
        Body: 'x',
        Tagging: 'a=1',
        GrantFullControl: `id="${bob.account.accountId}"`,
      }),
    );
    const read = await bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await read.Body?.transformToString()).toBe('x');
    const err = await failure(bob.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'k' })));
    expect(err.name).toBe('AccessDenied');
  });

  it('a policy granting s3:GetObjectTagging lets another account read tags, and only read them', async () => {
    const bucket = await server.bucket('tags-policy', { versioning: 'Enabled' });
    const v1 = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', Tagging: 'a=1' }),
    );
    await putPolicy(server.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: 's3:GetObjectTagging',
      Resource: arn(bucket, '*'),
    });
    const got = await bob.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'k' }));
    expect(got.TagSet).toEqual([{ Key: 'a', Value: '1' }]);
    // A version by id is s3:GetObjectVersionTagging, which the policy does not grant.
    const byId = await failure(
      bob.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId })),
    );
    expect(byId.name).toBe('AccessDenied');
    const write = await failure(
      bob.s3.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: 'k',
          Tagging: { TagSet: [{ Key: 'b', Value: '2' }] },
        }),
      ),
    );
    expect(write.name).toBe('AccessDenied');
  });

  it('a tagged upload also needs s3:PutObjectTagging: granted by a policy, denied even to the owner', async () => {
    const bucket = await server.bucket('tags-put-permission');
    await putPolicy(
      server.s3,
      bucket,
      {
        Effect: 'Allow',
        Principal: { AWS: bob.account.accountId },
        Action: 's3:PutObject',
        Resource: arn(bucket, 'bob/*'),
      },
      {
        Effect: 'Allow',
        Principal: { AWS: bob.account.accountId },
        Action: 's3:PutObjectTagging',
        Resource: arn(bucket, 'bob/tagged/*'),
      },
      { Effect: 'Deny', Principal: '*', Action: 's3:PutObjectTagging', Resource: arn(bucket, 'frozen/*') },
    );
    await bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bob/plain', Body: 'x' }));
    const untaggable = await failure(
      bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bob/other', Body: 'x', Tagging: 'a=1' })),
    );
    expect(untaggable.name).toBe('AccessDenied');
    await bob.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'bob/tagged/k', Body: 'x', Tagging: 'a=1' }),
    );
    expect(await tagsOf(bucket, 'bob/tagged/k')).toEqual([{ Key: 'a', Value: '1' }]);
    const multipart = await failure(
      bob.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'bob/mpu', Tagging: 'a=1' })),
    );
    expect(multipart.name).toBe('AccessDenied');
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'frozen/plain', Body: 'x' }));
    const frozen = await failure(
      server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'frozen/k', Body: 'x', Tagging: 'a=1' })),
    );
    expect(frozen.name).toBe('AccessDenied');
    const copied = await failure(
      server.s3.send(
        new CopyObjectCommand({ Bucket: bucket, Key: 'frozen/copy', CopySource: `${bucket}/bob/tagged/k` }),
      ),
    );
    expect(copied.name).toBe('AccessDenied');
    const missing = await failure(server.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'frozen/k' })));
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('a policy can require request tags on uploads with s3:RequestObjectTag/<key>', async () => {
    const bucket = await server.bucket('tags-request-policy');
    await putPolicy(server.s3, bucket, {
      Effect: 'Allow',
      Principal: { AWS: bob.account.accountId },
      Action: ['s3:PutObject', 's3:PutObjectTagging'],
      Resource: arn(bucket, '*'),
      Condition: { StringEquals: { 's3:RequestObjectTag/team': 'blue' } },
    });
    const untagged = await failure(
      bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'u', Body: 'x' })),
    );
    expect(untagged.name).toBe('AccessDenied');
    const wrong = await failure(
      bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'w', Body: 'x', Tagging: 'team=red' })),
    );
    expect(wrong.name).toBe('AccessDenied');
    await bob.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 't', Body: 'x', Tagging: 'team=blue' }));
    expect(await tagsOf(bucket, 't')).toEqual([{ Key: 'team', Value: 'blue' }]);
  });

  it('a policy can decide on the stored tags with s3:ExistingObjectTag/<key>, per version', async () => {
    const bucket = await server.bucket('tags-existing-policy', { versioning: 'Enabled' });
    const open = await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'open', Tagging: 'share=yes' }),
    );
    await server.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'other', Body: 'closed', Tagging: 'share=no' }),
    );
    await putPolicy(
      server.s3,
      bucket,
      {
        Effect: 'Allow',
        Principal: { AWS: bob.account.accountId },
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: arn(bucket, '*'),
        Condition: { StringEquals: { 's3:ExistingObjectTag/share': 'yes' } },
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: arn(bucket, '*'),
        Condition: { StringEquals: { 's3:ExistingObjectTag/secret': 'true' } },
      },
    );
    const read = await bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await read.Body?.transformToString()).toBe('open');
    expect((await failure(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'other' })))).name).toBe(
      'AccessDenied',
    );
    // A newer version without the tag closes the current object; the tagged version stays readable by id.
    await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'newer' }));
    expect((await failure(bob.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).name).toBe(
      'AccessDenied',
    );
    const old = await bob.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'k', VersionId: open.VersionId }),
    );
    expect(await old.Body?.transformToString()).toBe('open');
    // The Deny applies to the owner too, once the tag is set.
    await server.s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'k',
        Tagging: { TagSet: [{ Key: 'secret', Value: 'true' }] },
      }),
    );
    expect((await failure(server.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).name).toBe(
      'AccessDenied',
    );
  });
});
