import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountDirectory } from './accounts/account-directory.js';
import { buildAccounts } from './accounts/build-accounts.js';
import { credentialLookup } from './accounts/credential-lookup.js';
import { createAdminHandler } from './admin/admin-handler.js';
import { createApp } from './app.js';
import { BlockStore } from './blocks/index.js';
import type { Config } from './config.js';
import { continueWhenBodyIsRead } from './http/expect-continue.js';
import type { Logger } from './logger.js';
import { AccountRepository } from './metadata/account-repository.js';
import { AclRepository } from './metadata/acl-repository.js';
import { BlobRepository } from './metadata/blob-repository.js';
import { BlockRefRepository } from './metadata/block-ref-repository.js';
import { BlockStateRepository } from './metadata/block-state-repository.js';
import { BucketRepository } from './metadata/bucket-repository.js';
import { type CqlClient, connectCassandra } from './metadata/cassandra-client.js';
import { CompletedUploadRepository } from './metadata/completed-upload-repository.js';
import { FolderRepository } from './metadata/folder-repository.js';
import { GcQueue } from './metadata/gc-queue.js';
import { LockRepository } from './metadata/lock-repository.js';
import { migrate } from './metadata/migrate.js';
import { ObjectRepository } from './metadata/object-repository.js';
import { UploadRepository } from './metadata/upload-repository.js';
import type { Services } from './s3/action.js';
import { startBackgroundTasks } from './storage/background/background-tasks.js';
import { startUploadExpiry } from './storage/background/upload-expiry.js';
import { ownerExists as ownerStillHolds } from './storage/dedup/blob-owners.js';
import { MultipartStore } from './storage/multipart-store.js';
import { ObjectStore } from './storage/object-store.js';

export interface RunningServer {
  server: Server;
  port: number;
  services: Services;
  /** Stops accepting, waits for in-flight requests, then closes Cassandra. */
  close(): Promise<void>;
}

/** Builds every dependency from the config, migrates the schema and listens. */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const { contactPoints, localDataCenter, keyspace, replication } = config.cassandra;
  const bootstrap = await connectCassandra({ contactPoints, localDataCenter }, log);
  try {
    const applied = await migrate(bootstrap, { keyspace, replication }, log);
    if (applied.length > 0) log.info({ applied }, 'schema migrated');
  } finally {
    await bootstrap.shutdown();
  }
  const db = await connectCassandra({ contactPoints, localDataCenter, keyspace }, log);
  const accounts = await buildAccounts(config, db, log).catch(async (err: unknown) => {
    await db.shutdown();
    throw err;
  });
  const { services, storage } = await buildServices(config, log, db);
  const stopBackground = startBackgroundTasks(
    { ...storage, log, ownerExists: (owner, blobId) => ownerExists(storage, owner, blobId) },
    {
      intervalSeconds: config.gcIntervalSeconds,
      graceSeconds: config.gcGraceSeconds,
      staleClaimSeconds: config.gcStaleClaimSeconds,
      ages: { writeSeconds: config.orphanBlockSeconds, releaseSeconds: 300 },
    },
    log,
  );
  const stopExpiry = startUploadExpiry(
    { multipart: services.multipart, log },
    config.multipartMaxAgeSeconds,
    config.gcIntervalSeconds,
  );
  const lookup = credentialLookup(config, accounts.credentials);
  const app = createApp({
    services,
    lookup,
    admin: createAdminHandler({ admin: accounts.admin, lookup, log }),
    ready: async () => (await db.execute('SELECT release_version FROM system.local')).rowLength === 1,
  });

  const server = app.listen(config.port, config.host);
  continueWhenBodyIsRead(server, app);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Node's 300 s default would cut long uploads; slow clients are bounded by headersTimeout instead.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  // A client may shut down its write side once its request is sent (`nc -N`, scripts, some
  // proxies); Node's default then drops the request unanswered. Half-open, Node still answers it
  // and ends the socket after that last response.
  allowHalfOpenRequests(server);
  const port = (server.address() as AddressInfo).port;
  log.info({ host: config.host, port }, 'OK-S3 listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await stopBackground();
      await stopExpiry();
      await db.shutdown();
    })();
    return closing;
  };
  return { server, port, services, close };
}

/** `httpAllowHalfOpen`: an undocumented http.Server field, read on each socket end, missing from @types/node. */
function allowHalfOpenRequests(server: Server): void {
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
}

async function buildServices(config: Config, log: Logger, db: CqlClient) {
  const store = new BlockStore(config.dataDir);
  await store.init();
  const storage = {
    store,
    blobs: new BlobRepository(db),
    refs: new BlockRefRepository(db),
    states: new BlockStateRepository(db),
    gcQueue: new GcQueue(db),
    objectIndex: new ObjectRepository(db),
    folders: new FolderRepository(db),
    uploads: new UploadRepository(db),
    completions: new CompletedUploadRepository(db),
  };
  const objects = new ObjectStore({ ...storage, objects: storage.objectIndex, chunking: config.blocks, log });
  const locks = new LockRepository(db);
  const multipart = new MultipartStore({ ...storage, locks, objects, versions: storage.objectIndex, log });
  const services: Services = {
    config,
    log,
    buckets: new BucketRepository(db),
    objects,
    objectIndex: storage.objectIndex,
    folders: storage.folders,
    locks,
    multipart,
    accounts: new AccountDirectory(new AccountRepository(db)),
    acls: new AclRepository(db),
  };
  return { services, storage };
}

/** Owners named in blob intents (`v:` versions, `p:`/`t:` upload parts): see storage/blob-owners.ts. */
function ownerExists(
  storage: { objectIndex: ObjectRepository; uploads: UploadRepository },
  owner: string,
  blobId: string,
): Promise<boolean> {
  return ownerStillHolds({ objects: storage.objectIndex, uploads: storage.uploads }, owner, blobId);
}
