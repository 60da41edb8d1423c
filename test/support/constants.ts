/**
 * The keyspace the end-to-end test files of one run share. vitest.config.ts names it once per run
 * (workers inherit the environment), so concurrent runs against one Cassandra never collide.
 */
export const TEST_KEYSPACE = process.env.OKS3_TEST_KEYSPACE ?? 'ok_s3_test';
export const TEST_ACCESS_KEY = 'test-access-key';
export const TEST_SECRET_KEY = 'test-secret-key-0123456789';
