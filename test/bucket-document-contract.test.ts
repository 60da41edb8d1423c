import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import {
  BUCKET_DOCUMENT_TABLES,
  BucketDocumentRepository,
} from '../src/metadata/bucket-document-repository.js';
import { type CqlClient, connectCassandra } from '../src/metadata/cassandra-client.js';
import { describeBucketDocumentRepositoryContract } from '../src/metadata/contract/bucket-document-repository.contract.js';
import { migrate } from '../src/metadata/migrate.js';
import { TEST_KEYSPACE } from './support/constants.js';

/**
 * The contract of the per-bucket document tables (policy, CORS, Block Public Access, Object
 * Ownership) against Cassandra, every table: the assertions its in-memory fake passes in the unit
 * tests.
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

for (const table of BUCKET_DOCUMENT_TABLES) {
  describe(`the Cassandra table ${table}`, () => {
    describeBucketDocumentRepositoryContract(async () => new BucketDocumentRepository(db!, table));
  });
}
