import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ObservedRequest, RequestObserver } from '../http/request-observer.js';

/** Seconds: from a cached small GET to a multi-gigabyte upload. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Requests by S3 action and status, latency by action, body bytes, requests and connections open. */
export function httpMetrics(registry: Registry): RequestObserver {
  const registers = [registry];
  const requests = new Counter({
    name: 'oks3_http_requests_total',
    help: 'HTTP requests answered, by S3 action and status code.',
    labelNames: ['action', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'oks3_http_request_duration_seconds',
    help: 'Time from a request arriving to its response ending, by S3 action.',
    labelNames: ['action'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const bytesIn = new Counter({
    name: 'oks3_http_request_body_bytes_total',
    help: 'Request body bytes received (as sent, aws-chunked framing included), by S3 action.',
    labelNames: ['action'] as const,
    registers,
  });
  const bytesOut = new Counter({
    name: 'oks3_http_response_body_bytes_total',
    help: 'Response body bytes written, by S3 action.',
    labelNames: ['action'] as const,
    registers,
  });
  const inFlight = new Gauge({
    name: 'oks3_http_requests_in_flight',
    help: 'Requests being answered now.',
    registers,
  });
  const connections = new Gauge({
    name: 'oks3_http_open_connections',
    help: 'Client connections open now.',
    registers,
  });
  return {
    requestStarted: () => inFlight.inc(),
    requestFinished: (r: ObservedRequest) => {
      inFlight.dec();
      requests.inc({ action: r.action, status: String(r.status) });
      duration.observe({ action: r.action }, r.seconds);
      bytesIn.inc({ action: r.action }, r.bytesIn);
      bytesOut.inc({ action: r.action }, r.bytesOut);
    },
    connectionOpened: () => connections.inc(),
    connectionClosed: () => connections.dec(),
  };
}
