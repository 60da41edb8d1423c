import type { S3Client } from '@aws-sdk/client-s3';
import type { AccountSummary, IssuedKey } from '../../src/accounts/account-admin.js';
import { AdminClient } from '../../src/admin/admin-client.js';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './constants.js';
import type { TestServer } from './test-server.js';

/** What the account helpers need of a server: its endpoint and SDK clients for it. */
export type ServerEndpoint = Pick<TestServer, 'endpoint' | 'client'>;

/** The admin API client signed with the test server's root credentials. */
export function rootAdmin(server: ServerEndpoint): AdminClient {
  return new AdminClient(server.endpoint, {
    accessKeyId: TEST_ACCESS_KEY,
    secretAccessKey: TEST_SECRET_KEY,
    region: 'us-east-1',
  });
}

let counter = 0;
/** An account name unique to this run (test files share one keyspace). */
export function uniqueAccountName(prefix = 'acct'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export interface TestAccount {
  account: AccountSummary;
  key: IssuedKey;
  s3: S3Client;
}

/** Creates an account with one key through the admin API, and an SDK client signed with it. */
export async function newAccount(server: ServerEndpoint, prefix: string): Promise<TestAccount> {
  const admin = rootAdmin(server);
  const account = await admin.createAccount(uniqueAccountName(prefix));
  const key = await admin.createKey(account.name);
  const s3 = server.client({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  });
  return { account, key, s3 };
}
