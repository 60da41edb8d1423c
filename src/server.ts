import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAccounts } from './accounts/build-accounts.js';
import { credentialLookup } from './accounts/credential-lookup.js';
import { createAdminHandler } from './admin/admin-handler.js';
import { createMetricsEndpoint } from './admin/metrics-endpoint.js';
import { createApp } from './app.js';
import { buildContext } from './build-context.js';
import type { Config } from './config.js';
import { continueWhenBodyIsRead } from './http/expect-continue.js';
import { observeConnections } from './http/request-observer.js';
import type { Logger } from './logger.js';
import { connectCassandra } from './metadata/cassandra-client.js';
import { migrate } from './metadata/migrate.js';
import { StoreSettings } from './metadata/store-settings.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import type { Context } from './s3/action.js';
import { startBackgroundTasks } from './storage/background/background-tasks.js';
import { startUploadExpiry } from './storage/background/upload-expiry.js';
import { chooseChunking } from './storage/block-format.js';

export interface RunningServer {
  server: Server;
  port: number;
  context: Context;
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
  const metrics = createServerMetrics();
  const db = await connectCassandra(
    { contactPoints, localDataCenter, keyspace, observer: metrics.queries },
    log,
  );
  const accounts = await buildAccounts(config, db, log).catch(async (err: unknown) => {
    await db.shutdown();
    throw err;
  });
  const chunking = await chooseChunking(new StoreSettings(db), config, log);
  const { context, dedup } = await buildContext(config, log, db, chunking, metrics.blocks);
  // The store's size is counted once in the background, then kept by every write and delete.
  dedup.store
    .diskUsage()
    .then(metrics.blocks.addCensus, (err: unknown) => log.warn({ err }, 'block store size not counted'));
  const stopBackground = startBackgroundTasks(
    dedup,
    {
      intervalSeconds: config.gcIntervalSeconds,
      graceSeconds: config.gcGraceSeconds,
      staleClaimSeconds: config.gcStaleClaimSeconds,
      ages: { writeSeconds: config.orphanBlockSeconds, releaseSeconds: config.releaseIntentSeconds },
      reachability: {
        intervalSeconds: config.reachabilityIntervalSeconds,
        guardSeconds: config.reachabilityGuardSeconds,
      },
      rechunkIntervalSeconds: config.rechunkIntervalSeconds,
    },
    log,
    metrics.background,
  );
  const stopExpiry = startUploadExpiry(
    { multipart: context.multipart, log },
    config.multipartMaxAgeSeconds,
    config.gcIntervalSeconds,
    metrics.background,
  );
  const lookup = credentialLookup(config, accounts.credentials);
  const app = createApp({
    context,
    log,
    lookup,
    admin: createAdminHandler({ admin: accounts.admin, lookup, log }),
    metrics: createMetricsEndpoint({
      exposition: metrics.exposition,
      token: config.metricsToken,
      lookup,
      log,
    }),
    observer: metrics.http,
    ready: async () => (await db.execute('SELECT release_version FROM system.local')).rowLength === 1,
  });

  const server = app.listen(config.port, config.host);
  observeConnections(server, metrics.http);
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
      await context.hashing.close();
      await db.shutdown();
    })();
    return closing;
  };
  return { server, port, context, close };
}

/** `httpAllowHalfOpen`: an undocumented http.Server field, read on each socket end, missing from @types/node. */
function allowHalfOpenRequests(server: Server): void {
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
}
