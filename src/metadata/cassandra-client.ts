import cassandra from 'cassandra-driver';
import type { Logger } from '../logger.js';
import { observeQueries, type QueryObserver } from './query-observer.js';

export type CqlClient = cassandra.Client;
export const consistency = cassandra.types.consistencies;

export interface CassandraOptions {
  contactPoints: readonly string[];
  localDataCenter: string;
  /** Keyspace to bind the session to; omit to connect without one (migrations create it). */
  keyspace?: string;
  /**
   * How long a query may go unanswered before it fails (the server's bound on a request waiting for
   * a paused or dead node). Schema changes take seconds on a busy node: sessions that migrate keep
   * the 30 s default.
   */
  readTimeoutMs?: number;
  /** Told about every query of the session (metrics); absent = not observed. */
  observer?: QueryObserver;
}

/**
 * One driver session for the process. Consistency is chosen on purpose (docs/ARCHITECTURE.md):
 * LOCAL_QUORUM for reads and writes, LOCAL_SERIAL for the Paxos phase of lightweight transactions.
 * Statements are prepared (the driver caches them) and routed token-aware by the default policy.
 */
export async function connectCassandra(opts: CassandraOptions, log: Logger): Promise<CqlClient> {
  const client = new cassandra.Client({
    contactPoints: [...opts.contactPoints],
    localDataCenter: opts.localDataCenter,
    keyspace: opts.keyspace,
    queryOptions: {
      consistency: consistency.localQuorum,
      serialConsistency: consistency.localSerial,
      prepare: true,
    },
    socketOptions: { connectTimeout: 5_000, readTimeout: opts.readTimeoutMs ?? 30_000 },
    pooling: { coreConnectionsPerHost: { [cassandra.types.distance.local]: 2 } },
    // A node back from a pause or a restart is used again within seconds (the default waits up to
    // ten minutes between attempts).
    policies: {
      reconnection: new cassandra.policies.reconnection.ExponentialReconnectionPolicy(250, 2_000, false),
    },
  });
  if (opts.observer) observeQueries(client, opts.observer);
  await client.connect();
  log.info({ contactPoints: opts.contactPoints, keyspace: opts.keyspace }, 'connected to Cassandra');
  return withDeadlines(client, opts.readTimeoutMs ?? 30_000);
}

/** What a query may take beyond its read timeout before the server stops waiting for it. */
const DEADLINE_SLACK_MS = 1000;

/**
 * Bounds every execute and batch, whatever the driver does inside: its read timeout starts only
 * once a request is on a socket, so a request queued behind a connection being opened or a
 * statement being prepared again (a node coming back from a restart) could wait far longer. Past
 * the deadline the caller gets the driver's own OperationTimedOutError, so it is answered as any
 * timeout is (503, docs/ARCHITECTURE.md#durability); the query may still run, as after any timeout.
 */
function withDeadlines(client: cassandra.Client, readTimeoutMs: number): cassandra.Client {
  const execute = client.execute.bind(client) as (...args: unknown[]) => Promise<cassandra.types.ResultSet>;
  const batch = client.batch.bind(client) as (...args: unknown[]) => Promise<cassandra.types.ResultSet>;
  const bounded = (run: (...args: unknown[]) => Promise<cassandra.types.ResultSet>, optionsAt: number) =>
    ((...args: unknown[]) => {
      const options = args[optionsAt] as { readTimeout?: number } | undefined;
      const ms = (options?.readTimeout ?? readTimeoutMs) + DEADLINE_SLACK_MS;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new cassandra.errors.OperationTimedOutError(`no answer from Cassandra within ${ms} ms`)),
          ms,
        );
      });
      return Promise.race([run(...args), deadline]).finally(() => clearTimeout(timer));
    }) as never;
  client.execute = bounded(execute, 2);
  client.batch = bounded(batch, 1);
  return client;
}
