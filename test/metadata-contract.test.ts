import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { AclRepository } from '../src/metadata/acl-repository.js';
import { BlobRepository } from '../src/metadata/blob-repository.js';
import { BlockRefRepository } from '../src/metadata/block-ref-repository.js';
import { BlockStateRepository } from '../src/metadata/block-state-repository.js';
import {
  BUCKET_DOCUMENT_TABLES,
  BucketDocumentRepository,
} from '../src/metadata/bucket-document-repository.js';
import { BucketRepository } from '../src/metadata/bucket-repository.js';
import { type CqlClient, connectCassandra } from '../src/metadata/cassandra-client.js';
import { CompletedUploadRepository } from '../src/metadata/completed-upload-repository.js';
import { describeBucketDocumentRepositoryContract } from '../src/metadata/contract/bucket-document-repository.contract.js';
import type { ContractSubject } from '../src/metadata/contract/contract-subject.js';
import { describeMetadataContracts } from '../src/metadata/contract/metadata-contracts.js';
import { FolderRepository } from '../src/metadata/folder-repository.js';
import { GcQueue } from '../src/metadata/gc-queue.js';
import { LockRepository } from '../src/metadata/lock-repository.js';
import { migrate } from '../src/metadata/migrate.js';
import type { MetadataRows } from '../src/metadata/ports.js';
import { RechunkQueue } from '../src/metadata/rechunk-queue.js';
import { TagRepository } from '../src/metadata/tag-repository.js';
import { UploadRepository } from '../src/metadata/upload-repository.js';
import { VersionRepository } from '../src/metadata/version-repository.js';
import { TEST_KEYSPACE } from './support/constants.js';

/**
 * The repository contracts of src/metadata/contract/ against Cassandra: the same assertions the
 * in-memory fakes pass in the unit tests, so the fakes behave as the real tables do. The run's
 * keyspace may hold other files' rows; every contract looks only at the rows it wrote.
 */
let db: CqlClient | undefined;
let rows: MetadataRows;
const log = createLogger('silent');

beforeAll(async () => {
  const { contactPoints, localDataCenter, replication } = loadConfig({
    ...process.env,
    OKS3_KEYSPACE: TEST_KEYSPACE,
  }).cassandra;
  // The keyspace exists once a test server has started; this file may run first, so it migrates
  // (an idempotent step a server started later skips).
  const bootstrap = await connectCassandra({ contactPoints, localDataCenter }, log);
  try {
    await migrate(bootstrap, { keyspace: TEST_KEYSPACE, replication }, log);
  } finally {
    await bootstrap.shutdown();
  }
  const session = await connectCassandra({ contactPoints, localDataCenter, keyspace: TEST_KEYSPACE }, log);
  db = session;
  rows = {
    blobs: new BlobRepository(session),
    refs: new BlockRefRepository(session),
    states: new BlockStateRepository(session),
    gcQueue: new GcQueue(session),
    rechunks: new RechunkQueue(session),
    versions: new VersionRepository(session),
    folders: new FolderRepository(session),
    uploads: new UploadRepository(session),
    completions: new CompletedUploadRepository(session),
    locks: new LockRepository(session),
    acls: new AclRepository(session),
    buckets: new BucketRepository(session),
    tags: new TagRepository(session),
  };
});
afterAll(async () => {
  await db?.shutdown();
});

const cassandra = async (): Promise<ContractSubject> => ({
  rows,
  elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
});

describe('the Cassandra repositories', () => {
  describeMetadataContracts(cassandra);
});

for (const table of BUCKET_DOCUMENT_TABLES) {
  describe(`the Cassandra table ${table}`, () => {
    describeBucketDocumentRepositoryContract(async () => new BucketDocumentRepository(db!, table));
  });
}
