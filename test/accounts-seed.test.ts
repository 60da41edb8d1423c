import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootAdmin, uniqueAccountName } from './support/accounts.js';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './support/constants.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const run = promisify(execFile);
let dir: string;
let seedFile: string;
const name = uniqueAccountName('seeded');
const key = {
  accessKeyId: `seed-${process.pid}-${Date.now().toString(36)}`,
  secretAccessKey: 'seeded-secret-0123',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-seed-'));
  seedFile = path.join(dir, 'accounts.json');
  await writeFile(seedFile, JSON.stringify([{ name, keys: [key] }]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OKS3_ACCOUNTS_FILE', () => {
  it('creates the accounts and keys at start-up, and again changes nothing', async () => {
    for (let start = 0; start < 2; start++) {
      const server: TestServer = await startTestServer({ OKS3_ACCOUNTS_FILE: seedFile });
      try {
        const s3 = server.client({ credentials: key });
        const listed = await s3.send(new ListBucketsCommand({}));
        expect(listed.Owner?.DisplayName).toBe(name);
        const accounts = (await rootAdmin(server).listAccounts()).filter((a) => a.name === name);
        expect(accounts).toHaveLength(1);
        expect(accounts[0]?.keys.map((k) => k.accessKeyId)).toEqual([key.accessKeyId]);
      } finally {
        await server.close();
      }
    }
  });

  it('stops the start-up when a seeded key exists with another secret', async () => {
    const conflicting = path.join(dir, 'conflict.json');
    await writeFile(
      conflicting,
      JSON.stringify([{ name, keys: [{ ...key, secretAccessKey: 'other-secret-999' }] }]),
    );
    await expect(startTestServer({ OKS3_ACCOUNTS_FILE: conflicting })).rejects.toThrow(/another secret/);
  });
});

describe('npm run admin', () => {
  const server = useServer();

  it('creates an account and a key through the admin API', async () => {
    const env = { ...process.env, OKS3_ACCESS_KEY: TEST_ACCESS_KEY, OKS3_SECRET_KEY: TEST_SECRET_KEY };
    const cli = (...args: string[]) =>
      run(process.execPath, ['dist/admin/cli.js', '--endpoint', server.endpoint, ...args], { env });
    const account = uniqueAccountName('cli');
    const created = JSON.parse((await cli('create-account', account)).stdout) as { name: string };
    expect(created.name).toBe(account);
    const issued = JSON.parse((await cli('create-key', account)).stdout) as { accessKeyId: string };
    await cli('disable-key', issued.accessKeyId);
    const listed = JSON.parse((await cli('list-accounts')).stdout) as { name: string; keys: unknown[] }[];
    expect(listed.find((a) => a.name === account)?.keys).toEqual([
      expect.objectContaining({ accessKeyId: issued.accessKeyId, status: 'disabled' }),
    ]);
    await expect(cli('create-account')).rejects.toMatchObject({ code: 64 });
    const mailed = JSON.parse((await cli('set-email', account, `${account}@Example.com`)).stdout) as {
      email: string;
    };
    expect(mailed.email).toBe(`${account}@example.com`);
  });
});
