import { CreateBucketCommand, ListBucketsCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { newAccount } from './support/accounts.js';
import { sendRaw, signRequest } from './support/raw-http.js';
import { useServer } from './support/use-server.js';

const server = useServer();

async function listRaw(query: Record<string, string>) {
  return sendRaw(server.port, await signRequest(server.port, { method: 'GET', path: '/', query }));
}

describe('ListBuckets pages', () => {
  it('pages an account’s buckets in name order with max-buckets and continuation tokens', async () => {
    const alice = await newAccount(server, 'pager');
    const names = ['pg-e', 'pg-a', 'pg-d', 'pg-c', 'pg-b'].map(
      (n) => `${n}-${alice.account.accountId.slice(0, 12)}`,
    );
    for (const Bucket of names) await alice.s3.send(new CreateBucketCommand({ Bucket }));

    const pages: string[][] = [];
    for await (const page of paginateListBuckets({ client: alice.s3, pageSize: 2 }, {})) {
      pages.push((page.Buckets ?? []).map((b) => b.Name ?? ''));
    }
    const sorted = [...names].sort();
    expect(pages).toEqual([sorted.slice(0, 2), sorted.slice(2, 4), sorted.slice(4)]);

    const first = await alice.s3.send(new ListBucketsCommand({ MaxBuckets: 4 }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(sorted.slice(0, 4));
    expect(first.ContinuationToken).toBeTypeOf('string');
    expect(first.ContinuationToken).not.toContain('pg-');
    const rest = await alice.s3.send(
      new ListBucketsCommand({ MaxBuckets: 4, ContinuationToken: first.ContinuationToken }),
    );
    expect(rest.Buckets?.map((b) => b.Name)).toEqual(sorted.slice(4));
    expect(rest.ContinuationToken).toBeUndefined();
    expect(rest.Owner?.ID).toBe(alice.account.accountId);
  });

  it('filters by prefix and bucket-region and echoes the prefix', async () => {
    const bob = await newAccount(server, 'prefixer');
    const tag = bob.account.accountId.slice(0, 12);
    for (const Bucket of [`keep-1-${tag}`, `keep-2-${tag}`, `drop-${tag}`]) {
      await bob.s3.send(new CreateBucketCommand({ Bucket }));
    }
    const listed = await bob.s3.send(new ListBucketsCommand({ Prefix: 'keep-', MaxBuckets: 1 }));
    expect(listed.Prefix).toBe('keep-');
    expect(listed.Buckets?.map((b) => b.Name)).toEqual([`keep-1-${tag}`]);
    const next = await bob.s3.send(
      new ListBucketsCommand({ Prefix: 'keep-', MaxBuckets: 1, ContinuationToken: listed.ContinuationToken }),
    );
    expect(next.Buckets?.map((b) => b.Name)).toEqual([`keep-2-${tag}`]);
    expect(next.ContinuationToken).toBeUndefined();

    const all = await bob.s3.send(new ListBucketsCommand({}));
    expect(all.Prefix).toBeUndefined();
    expect(all.Buckets).toHaveLength(3);
    const here = await bob.s3.send(new ListBucketsCommand({ BucketRegion: 'us-east-1' }));
    expect(here.Buckets).toHaveLength(3);
    const elsewhere = await bob.s3.send(new ListBucketsCommand({ BucketRegion: 'eu-west-1' }));
    expect(elsewhere.Buckets ?? []).toHaveLength(0);
  });

  it('refuses max-buckets outside 1..10000 and a forged continuation token with InvalidArgument', async () => {
    for (const bad of ['0', '10001', '-1', 'ten', '1.5', '']) {
      const res = await listRaw({ 'max-buckets': bad });
      expect([res.status, res.code], bad).toEqual([400, 'InvalidArgument']);
      expect(res.text).toContain('<ArgumentName>max-buckets</ArgumentName>');
    }
    for (const good of ['1', '10000']) expect((await listRaw({ 'max-buckets': good })).status).toBe(200);
    const forged = await listRaw({ 'continuation-token': 'not a token!' });
    expect([forged.status, forged.code]).toEqual([400, 'InvalidArgument']);
    expect(forged.text).toContain('<ArgumentName>continuation-token</ArgumentName>');
  });
});
