import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { BucketSettingRepository } from '../src/metadata/bucket-setting-repository.js';
import { type CqlClient, connectCassandra } from '../src/metadata/cassandra-client.js';
import { describeBucketSettingRepositoryContract } from '../src/metadata/contract/bucket-setting-repository.contract.js';
import { migrate } from '../src/metadata/migrate.js';
import { TEST_KEYSPACE } from './support/constants.js';

/**
 * The contract of the per-bucket setting tables (Block Public Access, Object Ownership, lifecycle)
 * against Cassandra, every table: the assertions its in-memory fake passes in the unit tests.
 */
let db: CqlClient | undefined;
const log = createLogger('silent');

beforeAll(async () => {
  const { contactPoints, localDataCenter, replication } = loadConfig({
    ...process.env,
    OKS3_KEYSPACE: TEST_KEYSPACE,
  }).cassandra;
  const bootstrap = await connectCassandra({ contactPoints, localDataCenter }, log);
  try {
    await migrate(bootstrap, { keyspace: TEST_KEYSPACE, replication }, log);
  } finally {
    await bootstrap.shutdown();
  }
  db = await connectCassandra({ contactPoints, localDataCenter, keyspace: TEST_KEYSPACE }, log);
});
afterAll(async () => {
  await db?.shutdown();
});

for (const table of [
  'bucket_public_access_blocks',
  'bucket_ownership_controls',
  'bucket_lifecycle',
] as const) {
  describe(`the Cassandra table ${table}`, () => {
    describeBucketSettingRepositoryContract(async () => new BucketSettingRepository(db!, table));
  });
}
