import { Counter, Histogram, type Registry } from 'prom-client';
import type { QueryObserver } from '../metadata/query-observer.js';

/** Seconds: a local read takes about a millisecond, an LWT several, a stalled node up to the timeout. */
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30];

/** Cassandra queries by statement kind (and LWT or not): count, latency, errors by kind. */
export function cassandraMetrics(registry: Registry): QueryObserver {
  const registers = [registry];
  const queries = new Counter({
    name: 'oks3_cassandra_queries_total',
    help: 'Cassandra requests (execute or batch), by statement kind and whether a lightweight transaction.',
    labelNames: ['kind', 'lwt'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'oks3_cassandra_query_duration_seconds',
    help: 'Cassandra request latency, failures included, by statement kind and LWT.',
    labelNames: ['kind', 'lwt'] as const,
    buckets: QUERY_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'oks3_cassandra_query_errors_total',
    help: 'Failed Cassandra requests, by statement kind and error (read_timeout, unavailable, no_host, ...).',
    labelNames: ['kind', 'error'] as const,
    registers,
  });
  return {
    queryFinished: ({ kind, lwt, seconds, error }) => {
      const labels = { kind, lwt: String(lwt) };
      queries.inc(labels);
      duration.observe(labels, seconds);
      if (error) errors.inc({ kind, error });
    },
  };
}
