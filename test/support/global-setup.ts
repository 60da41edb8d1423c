import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { connectCassandra } from '../../src/metadata/cassandra-client.js';
import { migrate } from '../../src/metadata/migrate.js';
import { StoreSettings } from '../../src/metadata/store-settings.js';
import { chooseChunking } from '../../src/storage/block-format.js';
import { TEST_KEYSPACE } from './constants.js';

/**
 * Checks that the Cassandra started by scripts/test.sh answers and makes the run's keyspace, with
 * the chunking sizes of a new store recorded, so which test file starts the first server (some set
 * OKS3_BLOCK_*) does not decide them for the others. The keyspace is dropped at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const config = loadConfig({ ...process.env, OKS3_KEYSPACE: TEST_KEYSPACE });
  const log = createLogger('warn');
  const { contactPoints, localDataCenter } = config.cassandra;
  const db = await connectCassandra({ contactPoints, localDataCenter }, log).catch((err: unknown) => {
    throw new Error(
      `Cassandra is not reachable at ${config.cassandra.contactPoints.join(',')}; run the tests with "npm test": ${String(err)}`,
    );
  });
  await migrate(db, { keyspace: TEST_KEYSPACE, replication: config.cassandra.replication }, log);
  const session = await connectCassandra({ contactPoints, localDataCenter, keyspace: TEST_KEYSPACE }, log);
  try {
    await chooseChunking(new StoreSettings(session), { ...config, blocksConfigured: false }, log);
  } finally {
    await session.shutdown();
  }
  return async () => {
    try {
      await db.execute(`DROP KEYSPACE IF EXISTS ${TEST_KEYSPACE}`);
    } finally {
      await db.shutdown();
    }
  };
}
