import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount } from './support/accounts.js';
import { connectTestKeyspace } from './support/block-metadata.js';
import { TEST_KEYSPACE } from './support/constants.js';
import { blockFiles } from './support/disk.js';
import { Scrape } from './support/prometheus-text.js';
import { presign, type RawResponse, sendRaw, sendUrl, signRequest } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

const TOKEN = 'metrics-test-token-0123456789';
const METRICS = '/_ok/metrics';

// Passes every second with no grace period, so the collector's work shows within a test. A keyspace
// of its own: the run's shared one holds blocks other files queued for collection, which this
// server's collector would count too.
const KEYSPACE = `${TEST_KEYSPACE}_metrics`;
const shared = useServer({
  OKS3_KEYSPACE: KEYSPACE,
  OKS3_METRICS_TOKEN: TOKEN,
  OKS3_GC_INTERVAL_SECONDS: '1',
  OKS3_GC_GRACE_SECONDS: '0',
});
const bucket = useBucket(shared, 'metrics');
afterAll(async () => {
  const db = await connectTestKeyspace(KEYSPACE);
  try {
    await db.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`);
  } finally {
    await db.shutdown();
  }
});

/** Plain bodies (no aws-chunked checksum trailer), so body bytes are the object bytes exactly. */
let s3: S3Client;
beforeAll(() => {
  s3 = shared.client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
});

async function scrape(): Promise<Scrape> {
  const res = await sendRaw(shared.port, {
    method: 'GET',
    path: METRICS,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  return Scrape.parse(res.text);
}

function delta(before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}): number {
  return after.value(name, labels) - before.value(name, labels);
}

async function put(key: string, body: Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function get(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

describe('GET /_ok/metrics is protected', () => {
  const expectDenied = (res: RawResponse) => {
    expect(res.status).toBe(403);
    expect(res.code).toBe('AccessDenied');
    expect(res.headers['content-type']).toBe('application/xml');
  };

  it('refuses a request without credentials', async () => {
    expectDenied(await sendRaw(shared.port, { method: 'GET', path: METRICS }));
  });

  it('refuses a wrong bearer token', async () => {
    const headers = { authorization: `Bearer ${TOKEN}x` };
    expectDenied(await sendRaw(shared.port, { method: 'GET', path: METRICS, headers }));
  });

  it('serves the Prometheus text to the configured bearer token', async () => {
    const res = await sendRaw(shared.port, {
      method: 'GET',
      path: METRICS,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toContain('# TYPE oks3_http_requests_total counter');
  });

  it('serves a request signed by the root account', async () => {
    const signed = await signRequest(shared.port, { method: 'GET', path: METRICS });
    const res = await sendRaw(shared.port, signed);
    expect(res.status).toBe(200);
    expect(Scrape.parse(res.text).has('oks3_http_requests_total')).toBe(true);
  });

  it('serves a URL presigned by the root account', async () => {
    const res = await sendUrl(
      shared.port,
      'GET',
      await presign(shared.port, { method: 'GET', path: METRICS }, 60),
    );
    expect(res.status).toBe(200);
  });

  it("refuses a request signed by another account's key", async () => {
    const other = await newAccount(shared.server, 'metrics-other');
    const signed = await signRequest(
      shared.port,
      { method: 'GET', path: METRICS },
      { accessKeyId: other.key.accessKeyId, secretAccessKey: other.key.secretAccessKey },
    );
    expectDenied(await sendRaw(shared.port, signed));
  });
});

describe('request metrics', () => {
  it('count known requests by action and status, with their latency and body bytes', async () => {
    const bodies = [randomBytes(1000), randomBytes(5000), randomBytes(70_000)];
    const before = await scrape();
    for (const [i, body] of bodies.entries()) await put(`known-${i}`, body);
    expect(await get('known-1')).toEqual(bodies[1]);
    expect(await get('known-2')).toEqual(bodies[2]);
    const missing = await sendRaw(
      shared.port,
      await signRequest(shared.port, { method: 'GET', path: `/${bucket}/no-such-key` }),
    );
    expect(missing.code).toBe('NoSuchKey');
    const after = await scrape();

    const requests = 'oks3_http_requests_total';
    expect(delta(before, after, requests, { action: 'PutObject', status: '200' })).toBe(3);
    expect(delta(before, after, requests, { action: 'GetObject', status: '200' })).toBe(2);
    expect(delta(before, after, requests, { action: 'GetObject', status: '404' })).toBe(1);
    const latency = 'oks3_http_request_duration_seconds_count';
    expect(delta(before, after, latency, { action: 'PutObject' })).toBe(3);
    expect(delta(before, after, latency, { action: 'GetObject' })).toBe(3);
    const seconds = delta(before, after, 'oks3_http_request_duration_seconds_sum', { action: 'PutObject' });
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
    expect(delta(before, after, 'oks3_http_request_body_bytes_total', { action: 'PutObject' })).toBe(76_000);
    expect(delta(before, after, 'oks3_http_response_body_bytes_total', { action: 'GetObject' })).toBe(
      75_000 + missing.body.length,
    );
    // The scrape itself is the one request in flight, on at least its own connection.
    expect(after.value('oks3_http_requests_in_flight')).toBe(1);
    expect(after.value('oks3_http_open_connections')).toBeGreaterThanOrEqual(1);
  });

  it('count a refused request under the action it asked for', async () => {
    const before = await scrape();
    const res = await sendRaw(shared.port, { method: 'GET', path: `/${bucket}/known-0` });
    expect(res.status).toBe(403);
    const after = await scrape();
    expect(delta(before, after, 'oks3_http_requests_total', { action: 'GetObject', status: '403' })).toBe(1);
  });

  it('count and time Cassandra queries', async () => {
    const before = await scrape();
    await put('cassandra-counted', randomBytes(100));
    const after = await scrape();
    const queries = after.sum('oks3_cassandra_queries_total') - before.sum('oks3_cassandra_queries_total');
    // One PUT is a handful of reads and a logged batch; background passes add their own.
    expect(queries).toBeGreaterThanOrEqual(2);
    expect(queries).toBeLessThan(1000);
    expect(
      delta(before, after, 'oks3_cassandra_queries_total', { kind: 'batch', lwt: 'false' }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.sum('oks3_cassandra_query_duration_seconds_count')).toBe(
      after.sum('oks3_cassandra_queries_total'),
    );
    expect(after.sum('oks3_cassandra_query_errors_total')).toBe(0);
  });

  it('include the process metrics', async () => {
    const now = await scrape();
    expect(now.value('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(now.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('block metrics', () => {
  const TWO_MIB = 2 * 1024 * 1024;

  it('count new and reused blocks: the second PUT of the same bytes reuses every block', async () => {
    const body = randomBytes(TWO_MIB);
    const files0 = await blockFiles(shared.config.dataDir);
    const before = await scrape();
    await put('dedup-first', body);
    const middle = await scrape();
    const files1 = await blockFiles(shared.config.dataDir);
    const blocks = files1.count - files0.count;
    expect(blocks).toBeGreaterThanOrEqual(1);
    expect(blocks).toBeLessThanOrEqual(16);
    expect(delta(before, middle, 'oks3_blocks_written_total', { block: 'new' })).toBe(blocks);
    expect(delta(before, middle, 'oks3_block_bytes_written_total', { block: 'new' })).toBe(TWO_MIB);
    expect(delta(before, middle, 'oks3_blocks_written_total', { block: 'reused' })).toBe(0);
    expect(delta(before, middle, 'oks3_block_store_files')).toBe(blocks);
    expect(delta(before, middle, 'oks3_block_store_bytes')).toBe(TWO_MIB);

    await put('dedup-second', body);
    const after = await scrape();
    expect((await blockFiles(shared.config.dataDir)).count).toBe(files1.count);
    expect(delta(middle, after, 'oks3_blocks_written_total', { block: 'reused' })).toBe(blocks);
    expect(delta(middle, after, 'oks3_block_bytes_written_total', { block: 'reused' })).toBe(TWO_MIB);
    expect(delta(middle, after, 'oks3_blocks_written_total', { block: 'new' })).toBe(0);
    expect(delta(middle, after, 'oks3_block_bytes_written_total', { block: 'new' })).toBe(0);
    expect(delta(middle, after, 'oks3_block_store_files')).toBe(0);
    // The store's tally agrees with the disk.
    expect(after.value('oks3_block_store_files')).toBe(files1.count);
    expect(after.value('oks3_block_store_bytes')).toBe(files1.bytes);
  });

  it('count the collector removing the blocks of a deleted object', async () => {
    const body = randomBytes(1024 * 1024);
    const before = await scrape();
    await put('collected', body);
    const written = await scrape();
    const blocks = delta(before, written, 'oks3_blocks_written_total', { block: 'new' });
    expect(blocks).toBeGreaterThanOrEqual(1);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'collected' }));
    let after = written;
    // A pass reports its work when it ends, after its deletes: wait for the report.
    for (let i = 0; i < 100 && delta(written, after, 'oks3_gc_blocks_removed_total') < blocks; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await scrape();
    }
    expect(delta(written, after, 'oks3_blocks_deleted_total')).toBe(blocks);
    expect(delta(written, after, 'oks3_gc_blocks_removed_total')).toBe(blocks);
    expect(delta(written, after, 'oks3_block_store_bytes')).toBe(-body.length);
    expect(after.value('oks3_block_store_files')).toBe((await blockFiles(shared.config.dataDir)).count);
    expect(
      delta(written, after, 'oks3_background_pass_duration_seconds_count', { task: 'collector' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta(written, after, 'oks3_background_pass_duration_seconds_count', { task: 'sweeper' }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.value('oks3_background_pass_failures_total', { task: 'collector' })).toBe(0);
    expect(after.has('oks3_gc_backlog_blocks')).toBe(true);
    expect(after.has('oks3_sweeper_backlog_intents')).toBe(true);
  });
});

describe('the Grafana dashboard', () => {
  it('queries only metrics the server exposes', async () => {
    const dashboard = await readFile(
      new URL('../docs/grafana/ok-s3-dashboard.json', import.meta.url),
      'utf8',
    );
    const names = new Set(dashboard.match(/\b(oks3|process|nodejs)_[a-z0-9_]+/g));
    expect(names.size).toBeGreaterThanOrEqual(20);
    const families = (await scrape()).types;
    const missing = [...names].filter(
      (name) => !families.has(name) && !families.has(name.replace(/_(bucket|count|sum)$/, '')),
    );
    expect(missing).toEqual([]);
  });
});

describe('a server without OKS3_METRICS_TOKEN', () => {
  const bare = useServer();

  it('refuses every bearer token and serves root, from a registry of its own', async () => {
    const bearer = await sendRaw(bare.port, {
      method: 'GET',
      path: METRICS,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(403);
    expect(bearer.code).toBe('AccessDenied');
    const res = await sendRaw(bare.port, await signRequest(bare.port, { method: 'GET', path: METRICS }));
    expect(res.status).toBe(200);
    // The other server of this file answered PUTs; this one has answered none.
    expect(Scrape.parse(res.text).sum('oks3_http_requests_total', { action: 'PutObject' })).toBe(0);
    expect((await scrape()).sum('oks3_http_requests_total', { action: 'PutObject' })).toBeGreaterThanOrEqual(
      3,
    );
  });
});
