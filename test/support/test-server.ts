import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server.js';
import {
  TEST_ACCESS_KEY,
  TEST_KEYSPACE,
  TEST_KMS_KEYS,
  TEST_SECRET_KEY,
  TEST_SSE_MASTER_KEY,
} from './constants.js';

export interface TestServer {
  endpoint: string;
  port: number;
  config: Config;
  running: RunningServer;
  /** An SDK client with the root credentials, path-style unless told otherwise. */
  client(overrides?: Partial<S3ClientConfig>): S3Client;
  close(): Promise<void>;
}

/** Starts OK-S3 in this process on a free port, against the real Cassandra, with a fresh data folder. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oks3-test-'));
  const config = loadConfig({
    ...process.env,
    OKS3_PORT: '0',
    OKS3_HOST: '127.0.0.1',
    OKS3_KEYSPACE: TEST_KEYSPACE,
    OKS3_DATA_DIR: dataDir,
    OKS3_ACCESS_KEY: TEST_ACCESS_KEY,
    OKS3_SECRET_KEY: TEST_SECRET_KEY,
    OKS3_SSE_MASTER_KEY: TEST_SSE_MASTER_KEY,
    OKS3_KMS_KEYS: TEST_KMS_KEYS,
    OKS3_LOG_LEVEL: process.env.OKS3_TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const running = await startServer(config, createLogger(config.logLevel));
  const endpoint = `http://127.0.0.1:${running.port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    port: running.port,
    config,
    running,
    client(overrides = {}) {
      const c = rootClient(endpoint, overrides);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.destroy();
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An SDK client for `endpoint` with the root credentials, path-style unless told otherwise. */
export function rootClient(endpoint: string, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: TEST_ACCESS_KEY, secretAccessKey: TEST_SECRET_KEY },
    ...overrides,
  });
}

let counter = 0;
/** A bucket name unique to this run, so test files sharing the keyspace never collide. */
export function uniqueBucket(prefix = 'b'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
