import { Agent } from 'node:http';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketAclCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import { ROOT_ACCOUNT } from '../src/accounts/root-account.js';
import { failure } from './support/s3-failure.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer({ OKS3_DOMAIN: 's3.oks3.test' });

describe('bucket lifecycle through the AWS SDK', () => {
  it('creates, heads, lists and deletes a bucket', async () => {
    const { s3 } = server;
    const name = uniqueBucket();
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: name }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(head.BucketRegion).toBe('us-east-1');

    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toContain(name);
    expect(listed.Owner?.ID).toBe(ROOT_ACCOUNT.id);

    await s3.send(new DeleteBucketCommand({ Bucket: name }));
    const gone = await failure(s3.send(new HeadBucketCommand({ Bucket: name })));
    expect(gone.$metadata.httpStatusCode).toBe(404);
    const listedAfter = await s3.send(new ListBucketsCommand({}));
    expect(listedAfter.Buckets?.map((b) => b.Name) ?? []).not.toContain(name);
  });

  it('answers 200 when the owner creates a bucket twice in us-east-1 (S3 does there)', async () => {
    const { s3 } = server;
    const name = uniqueBucket();
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const again = await s3.send(new CreateBucketCommand({ Bucket: name }));
    expect(again.$metadata.httpStatusCode).toBe(200);
  });

  it('accepts the one-letter bucket of the original project but rejects invalid names', async () => {
    const { s3 } = server;
    await s3.send(new CreateBucketCommand({ Bucket: 'q' })).catch((err: unknown) => {
      if (!(err instanceof S3ServiceException && err.name === 'BucketAlreadyOwnedByYou')) throw err;
    });
    for (const bad of ['Upper', 'a..b', '192.168.1.1', 'files', '-dash', `x${'y'.repeat(63)}`]) {
      const err = await failure(s3.send(new CreateBucketCommand({ Bucket: bad })));
      expect(err.name, bad).toBe('InvalidBucketName');
    }
  });

  it('reports location, versioning and a canned public-read ACL', async () => {
    const { s3 } = server;
    const name = uniqueBucket();
    // As on S3 since April 2023, a new bucket cannot be created public: it blocks public access,
    // so its ACL is made public after the block is removed.
    const refused = await failure(
      s3.send(new CreateBucketCommand({ Bucket: name, ACL: 'public-read', ObjectOwnership: 'ObjectWriter' })),
    );
    expect(refused.name).toBe('InvalidBucketAclWithBlockPublicAccessError');
    await s3.send(new CreateBucketCommand({ Bucket: name, ObjectOwnership: 'ObjectWriter' }));
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
    await s3.send(new PutBucketAclCommand({ Bucket: name, ACL: 'public-read' }));
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: name }));
    expect(loc.LocationConstraint ?? '').toBe('');
    const ver = await s3.send(new GetBucketVersioningCommand({ Bucket: name }));
    expect(ver.Status).toBeUndefined();
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: name }));
    const uris = acl.Grants?.map((g) => `${g.Grantee?.URI ?? g.Grantee?.ID}:${g.Permission}`);
    expect(uris).toContain('http://acs.amazonaws.com/groups/global/AllUsers:READ');

    await s3.send(new PutBucketAclCommand({ Bucket: name, ACL: 'private' }));
    const after = await s3.send(new GetBucketAclCommand({ Bucket: name }));
    expect(after.Grants?.map((g) => g.Permission)).toEqual(['FULL_CONTROL']);
  });

  it('serves virtual-hosted-style requests under OKS3_DOMAIN', async () => {
    // Resolve every *.s3.oks3.test name to loopback so the SDK's bucket.host URLs reach the test server.
    const agent = new Agent({
      lookup: (_host, opts, cb) => {
        if ((opts as { all?: boolean }).all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
        else cb(null, '127.0.0.1', 4);
      },
    });
    const s3 = server.client({
      endpoint: `http://s3.oks3.test:${server.port}`,
      forcePathStyle: false,
      requestHandler: new NodeHttpHandler({ httpAgent: agent }),
    });
    const name = uniqueBucket('vhost');
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: name }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    const listed = await server.s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toContain(name);
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
    agent.destroy();
  });

  it('rejects requests with unknown credentials', async () => {
    const s3 = server.client({ credentials: { accessKeyId: 'nobody', secretAccessKey: 'nothing' } });
    const err = await failure(s3.send(new ListBucketsCommand({})));
    expect(err.name).toBe('InvalidAccessKeyId');
    expect(err.$metadata.httpStatusCode).toBe(403);
  });
});

describe('bucket lifecycle in another region', () => {
  const regional = useServer({ OKS3_REGION: 'eu-west-1' });

  it('answers 409 BucketAlreadyOwnedByYou to a second create in any other region', async () => {
    const s3 = regional.client({ region: 'eu-west-1' });
    const name = uniqueBucket('eu');
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const err = await failure(s3.send(new CreateBucketCommand({ Bucket: name })));
    expect(err.name).toBe('BucketAlreadyOwnedByYou');
    expect(err.$metadata.httpStatusCode).toBe(409);
  });
});
