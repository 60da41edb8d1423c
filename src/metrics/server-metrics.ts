import { collectDefaultMetrics, Registry } from 'prom-client';
import { backgroundMetrics } from './background-metrics.js';
import type { BlockMetrics } from './block-metrics.js';
import { blockMetrics } from './block-metrics.js';
import { cassandraMetrics } from './cassandra-metrics.js';
import { httpMetrics } from './http-metrics.js';

/** The Prometheus text of a scrape. */
export interface Exposition {
  contentType: string;
  text(): Promise<string>;
}

/**
 * The metrics of one server: a registry of its own (not prom-client's global one, so several
 * servers in one process, as in the tests, never share or clash), the observers each layer is
 * handed, and the process metrics (memory, CPU, event loop lag, GC) under their standard names.
 */
export function createServerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const blocks: BlockMetrics = blockMetrics(registry);
  const exposition: Exposition = {
    contentType: registry.contentType,
    text: () => registry.metrics(),
  };
  return {
    registry,
    http: httpMetrics(registry),
    queries: cassandraMetrics(registry),
    blocks,
    background: backgroundMetrics(registry),
    exposition,
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
