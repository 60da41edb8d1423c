import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { connectCassandra } from '../../src/metadata/cassandra-client.js';
import { TEST_KEYSPACE } from './constants.js';

/** Checks that the Cassandra started by scripts/test.sh answers; the run's keyspace is dropped at the end. */
export default async function setup(): Promise<() => Promise<void>> {
  const config = loadConfig({ ...process.env, OKS3_KEYSPACE: TEST_KEYSPACE });
  const log = createLogger('warn');
  const { contactPoints, localDataCenter } = config.cassandra;
  const db = await connectCassandra({ contactPoints, localDataCenter }, log).catch((err: unknown) => {
    throw new Error(
      `Cassandra is not reachable at ${config.cassandra.contactPoints.join(',')}; run the tests with "npm test": ${String(err)}`,
    );
  });
  return async () => {
    try {
      await db.execute(`DROP KEYSPACE IF EXISTS ${TEST_KEYSPACE}`);
    } finally {
      await db.shutdown();
    }
  };
}
