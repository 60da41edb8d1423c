import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { BucketRepository } from './metadata/bucket-repository.js';
import { connectCassandra } from './metadata/cassandra-client.js';
import { migrate } from './metadata/migrate.js';
import { rootCredentialLookup } from './s3/credentials.js';
import type { Services } from './s3/operation.js';

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
  const services: Services = { config, log, buckets: new BucketRepository(db) };
  const app = createApp({
    services,
    lookup: rootCredentialLookup(config),
    ready: async () => (await db.execute('SELECT release_version FROM system.local')).rowLength === 1,
  });

  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Node's 300 s default would cut long uploads; slow clients are bounded by headersTimeout instead.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  log.info({ host: config.host, port }, 'OK-S3 listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await db.shutdown();
    })();
    return closing;
  };
  return { server, port, services, close };
}
