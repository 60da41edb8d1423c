/** The keyspace every end-to-end test file shares; dropped at the start of a run. */
export const TEST_KEYSPACE = 'ok_s3_test';
export const TEST_ACCESS_KEY = 'test-access-key';
export const TEST_SECRET_KEY = 'test-secret-key-0123456789';
