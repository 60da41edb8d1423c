import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { CqlClient } from '../src/metadata/cassandra-client.js';
import { newAccount, rootAdmin } from './support/accounts.js';
import { connectTestKeyspace } from './support/block-metadata.js';
import { codeOf } from './support/s3-failure.js';
import { useServer } from './support/use-server.js';

const server = useServer({ OKS3_CREDENTIAL_CACHE_SECONDS: '1' });

async function withDb<T>(fn: (db: CqlClient) => Promise<T>): Promise<T> {
  const db = await connectTestKeyspace();
  try {
    return await fn(db);
  } finally {
    await db.shutdown();
  }
}

describe('access keys', () => {
  it('rejects a disabled key with InvalidAccessKeyId, and accepts it again once enabled', async () => {
    const { key, s3 } = await newAccount(server, 'disable');
    await s3.send(new ListBucketsCommand({}));
    await rootAdmin(server).setKeyEnabled(key.accessKeyId, false);
    expect(await codeOf(s3.send(new ListBucketsCommand({})))).toBe('InvalidAccessKeyId');
    await rootAdmin(server).setKeyEnabled(key.accessKeyId, true);
    await s3.send(new ListBucketsCommand({}));
  });

  it('rejects every key of a disabled account', async () => {
    const { account, s3 } = await newAccount(server, 'gone');
    await s3.send(new ListBucketsCommand({}));
    await rootAdmin(server).setAccountEnabled(account.name, false);
    expect(await codeOf(s3.send(new ListBucketsCommand({})))).toBe('InvalidAccessKeyId');
  });

  it('stops a key disabled behind this server within the cache TTL', async () => {
    const { key, s3 } = await newAccount(server, 'elsewhere');
    await s3.send(new ListBucketsCommand({}));
    // As another server would: straight in the table, with no invalidation of this server's cache.
    await withDb((db) =>
      db.execute("UPDATE access_keys SET status = 'disabled' WHERE access_key_id = ?", [key.accessKeyId]),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await codeOf(s3.send(new ListBucketsCommand({})))).toBe('InvalidAccessKeyId');
  });

  it('stores secrets sealed, never in plain text', async () => {
    const { key } = await newAccount(server, 'sealed');
    const stored = await withDb(async (db) =>
      (await db.execute('SELECT secret FROM access_keys WHERE access_key_id = ?', [key.accessKeyId])).first(),
    );
    const secret = stored?.get('secret') as string;
    expect(secret).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(secret).not.toContain(key.secretAccessKey);
    expect(Buffer.from(secret.split('.').slice(2).join(''), 'base64url').toString('latin1')).not.toContain(
      key.secretAccessKey,
    );
  });
});
