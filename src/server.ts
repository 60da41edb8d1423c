import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAccounts } from './accounts/build-accounts.js';
import { credentialLookup } from './accounts/credential-lookup.js';
import { createAdminHandler } from './admin/admin-handler.js';
import { createApp } from './app.js';
import { buildContext } from './build-context.js';
import type { Config } from './config.js';
import { continueWhenBodyIsRead } from './http/expect-continue.js';
import type { Logger } from './logger.js';
import { connectCassandra } from './metadata/cassandra-client.js';
import { migrate } from './metadata/migrate.js';
import { StoreSettings } from './metadata/store-settings.js';
import type { Context } from './s3/action.js';
import { startBackgroundTasks } from './storage/background/background-tasks.js';
import { startUploadExpiry } from './storage/background/upload-expiry.js';
import { chooseChunking } from './storage/block-format.js';
import { buildKeyRing } from './storage/encryption/build-key-ring.js';

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
  const db = await connectCassandra({ contactPoints, localDataCenter, keyspace }, log);
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
  const { context, dedup } = await buildContext(config, log, db, chunking, keys);
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
  );
  const stopExpiry = startUploadExpiry(
    { multipart: context.multipart, log },
    config.multipartMaxAgeSeconds,
    config.gcIntervalSeconds,
  );
  const lookup = credentialLookup(config, accounts.credentials);
  const app = createApp({
    context,
    log,
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
