/**
 * The keyspace the end-to-end test files of one run share. vitest.config.ts names it once per run
 * (workers inherit the environment), so concurrent runs against one Cassandra never collide.
 */
export const TEST_KEYSPACE = process.env.OKS3_TEST_KEYSPACE ?? 'ok_s3_test';
export const TEST_ACCESS_KEY = 'test-access-key';
export const TEST_SECRET_KEY = 'test-secret-key-0123456789';
/**
 * The SSE master key and KMS key ring of every test server: the files of one run share a keyspace,
 * whose store_settings record the master key's fingerprint, so they must all hold the same key.
 */
export const TEST_SSE_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
export const TEST_KMS_KEYS = `alpha=${Buffer.alloc(32, 1).toString('base64')},beta=${Buffer.alloc(32, 2).toString('base64')}`;
