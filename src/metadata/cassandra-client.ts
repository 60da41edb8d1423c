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
    socketOptions: { connectTimeout: 10_000, readTimeout: 30_000 },
    pooling: { coreConnectionsPerHost: { [cassandra.types.distance.local]: 2 } },
  });
  if (opts.observer) observeQueries(client, opts.observer);
  await client.connect();
  log.info({ contactPoints: opts.contactPoints, keyspace: opts.keyspace }, 'connected to Cassandra');
  return client;
}
