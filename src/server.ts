import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAccounts } from './accounts/build-accounts.js';
import { credentialLookup } from './accounts/credential-lookup.js';
import { createAdminHandler } from './admin/admin-handler.js';
import { createMetricsEndpoint } from './admin/metrics-endpoint.js';
import { createApp } from './app.js';
import { buildContext } from './build-context.js';
import type { Config } from './config.js';
import { createLimitedServer } from './http/connection-limits.js';
import { observeConnections } from './http/request-observer.js';
import type { Logger } from './logger.js';
import { connectCassandra } from './metadata/cassandra-client.js';
import { migrate } from './metadata/migrate.js';
import { StoreSettings } from './metadata/store-settings.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import type { Context } from './s3/action.js';
import { startBackgroundTasks } from './storage/background/background-tasks.js';
import type { LifecycleExecutor } from './storage/background/lifecycle-executor.js';
import { type LifecycleObserver, NO_LIFECYCLE_OBSERVER } from './storage/background/lifecycle-observer.js';
import { lastScrubReport, scrubOnce, startScrubber } from './storage/background/scrubber.js';
import { startUploadExpiry } from './storage/background/upload-expiry.js';
import { chooseChunking } from './storage/block-format.js';
import { buildKeyRing } from './storage/encryption/build-key-ring.js';

export interface RunningServer {
  server: Server;
  port: number;
  context: Context;
  /** The lifecycle executor: its totals say how many passes ran and what they did. */
  lifecycle: LifecycleExecutor;
  /** Stops accepting, waits for in-flight requests, then closes Cassandra. */
  close(): Promise<void>;
}

export interface ServerHooks {
  /** Told of every lifecycle action (metrics); a no-op by default. */
  lifecycleObserver?: LifecycleObserver;
}

/** Builds every dependency from the config, migrates the schema and listens. */
export async function startServer(
  config: Config,
  log: Logger,
  hooks: ServerHooks = {},
): Promise<RunningServer> {
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
    {
      contactPoints,
      localDataCenter,
      keyspace,
      readTimeoutMs: config.cassandra.timeoutMs,
      observer: metrics.queries,
    },
    log,
  );
  const accounts = await buildAccounts(config, db, log).catch(async (err: unknown) => {
    await db.shutdown();
    throw err;
  });
  const settings = new StoreSettings(db);
  const chunking = await chooseChunking(settings, config, log);
  const keys = await buildKeyRing(config, settings).catch(async (err: unknown) => {
    await db.shutdown();
    throw err;
  });
  const { context, dedup, lifecycle } = await buildContext(
    config,
    log,
    db,
    chunking,
    keys,
    hooks.lifecycleObserver ?? NO_LIFECYCLE_OBSERVER,
    metrics.blocks,
  );
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
      lifecycle: { executor: lifecycle, intervalSeconds: config.lifecycleIntervalSeconds },
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
  const scrub = { bytesPerSecond: config.scrubBytesPerSecond, guardSeconds: config.reachabilityGuardSeconds };
  const stopScrubber = startScrubber(dedup, { ...scrub, intervalSeconds: config.scrubIntervalSeconds });
  const lookup = credentialLookup(config, accounts.credentials);
  const app = createApp({
    context,
    log,
    lookup,
    admin: createAdminHandler({
      services: {
        accounts: accounts.admin,
        scrub: {
          run: () => scrubOnce(dedup, { ...scrub, bytesPerSecond: 0 }),
          last: () => lastScrubReport(dedup),
        },
      },
      lookup,
      log,
    }),
    metrics: createMetricsEndpoint({
      exposition: metrics.exposition,
      token: config.metricsToken,
      lookup,
      log,
    }),
    observer: metrics.http,
    // A short bound of its own: a load balancer's probe must not wait out a paused node.
    ready: async () =>
      (await db.execute('SELECT release_version FROM system.local', [], { readTimeout: 1000 })).rowLength ===
      1,
  });

  const server = createLimitedServer(config.limits, app).listen(config.port, config.host);
  observeConnections(server, metrics.http);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
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
      await stopScrubber();
      await context.hashing.close();
      await db.shutdown();
    })();
    return closing;
  };
  return { server, port, context, lifecycle, close };
}

/** `httpAllowHalfOpen`: an undocumented http.Server field, read on each socket end, missing from @types/node. */
function allowHalfOpenRequests(server: Server): void {
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
}
