import { defineConfig } from 'vitest/config';

// One keyspace per test run, dropped when it ends (test/support/global-setup.ts).
process.env.OKS3_TEST_KEYSPACE ??= `ok_s3_test_${Date.now().toString(36)}`;

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.test.ts', 'console/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Cassandra node on 2 cores: run files one at a time, tests within a file in order.
          fileParallelism: false,
        },
      },
    ],
  },
});
