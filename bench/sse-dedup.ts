/**
 * Dedup of encrypted data: N copies of one SSE-S3 object (different buckets and keys), and the
 * same bytes under an SSE-KMS key, against an in-process OK-S3 on the real Cassandra, measuring
 * the data folder after each phase. A keyspace of its own, dropped at the end.
 *
 *   npm run --silent bench:build && node dist-bench/bench/sse-dedup.js [MiB=256] [copies=10]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { connectCassandra } from '../src/metadata/cassandra-client.js';
import { startServer } from '../src/server.js';
import { pseudoRandom } from './lib/data.js';
import { diskUsage } from './lib/disk-usage.js';

const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 256) * MiB;
const copies = Number(process.argv[3] ?? 10);
const keyspace = `ok_s3_bench_sse_${process.pid}`;
const dataDir = await mkdtemp(path.join(tmpdir(), 'oks3-sse-bench-'));
const config = loadConfig({
  ...process.env,
  OKS3_PORT: '0',
  OKS3_HOST: '127.0.0.1',
  OKS3_KEYSPACE: keyspace,
  OKS3_DATA_DIR: dataDir,
  OKS3_LOG_LEVEL: 'warn',
  // The hash threads load dist/, which this bench build does not make: hash on the event loop.
  OKS3_HASH_THREADS: '0',
  OKS3_KMS_KEYS: `bench=${Buffer.alloc(32, 5).toString('base64')}`,
});
const server = await startServer(config, createLogger('warn'));
const s3 = new S3Client({
  endpoint: `http://127.0.0.1:${server.port}`,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { ...config.rootCredentials },
});
const body = pseudoRandom(size, 'sse-dedup');
const blocksMiB = async () => (await diskUsage(dataDir)).apparentBytes / MiB;

try {
  const rows: string[] = [];
  const started = Date.now();
  for (let i = 0; i < copies; i++) {
    const Bucket = `sse-bench-${i}`;
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(
      new PutObjectCommand({ Bucket, Key: `copy-${i}`, Body: body, ServerSideEncryption: 'AES256' }),
    );
    if (i === 0) rows.push(`first SSE-S3 copy: ${(await blocksMiB()).toFixed(1)} MiB on disk`);
  }
  const seconds = (Date.now() - started) / 1000;
  const all = await blocksMiB();
  rows.push(
    `${copies} SSE-S3 copies of ${size / MiB} MiB: ${all.toFixed(1)} MiB on disk = ${(all / (size / MiB)).toFixed(3)}x one copy, written at ${((copies * size) / MiB / seconds).toFixed(0)} MiB/s`,
  );
  await s3.send(
    new PutObjectCommand({ Bucket: 'sse-bench-0', Key: 'kms', Body: body, ServerSideEncryption: 'aws:kms' }),
  );
  rows.push(
    `+ the same bytes under an SSE-KMS key: +${((await blocksMiB()) - all).toFixed(1)} MiB (no sharing across keys)`,
  );
  console.log(rows.join('\n'));
} finally {
  s3.destroy();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
  const db = await connectCassandra(
    { contactPoints: config.cassandra.contactPoints, localDataCenter: config.cassandra.localDataCenter },
    createLogger('warn'),
  );
  await db.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  await db.shutdown();
}
