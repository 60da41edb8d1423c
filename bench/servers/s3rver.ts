import { createRequire } from 'node:module';
import path from 'node:path';
import { launch, terminate } from './child-process.js';
import type { RunningServer, ServerKind, StartContext } from './server.js';

const require = createRequire(import.meta.url);
/** s3rver's fixed development credentials. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' };

function packageDir(): string | undefined {
  try {
    return path.dirname(require.resolve('s3rver/package.json'));
  } catch {
    return undefined;
  }
}

/** s3rver (npm devDependency), as a child Node process with its own data folder. */
export const s3rver: ServerKind = {
  name: 's3rver',
  async unavailableReason() {
    return packageDir() ? undefined : 's3rver is not installed (npm install)';
  },
  async start(ctx: StartContext): Promise<RunningServer> {
    const dir = packageDir()!;
    const dataDir = path.join(ctx.workDir, 'data');
    const child = await launch({
      command: process.execPath,
      args: [
        // s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in its
        // legacy provider; without it every truncated listing answers 500.
        '--openssl-legacy-provider',
        path.join(dir, 'bin/s3rver.js'),
        '-d',
        dataDir,
        '-a',
        '127.0.0.1',
        '-p',
        String(ctx.port),
        '--silent',
        '--no-vhost-buckets',
      ],
      env: {},
      logFile: path.join(ctx.workDir, 'server.log'),
      host: '127.0.0.1',
      port: ctx.port,
      credentials: CREDENTIALS,
    });
    const version = (require(path.join(dir, 'package.json')) as { version: string }).version;
    return {
      name: 's3rver',
      version,
      host: '127.0.0.1',
      port: ctx.port,
      credentials: CREDENTIALS,
      dataDir,
      pid: child.pid!,
      helpers: [],
      metadataBytes: async () => undefined,
      stop: () => terminate(child),
    };
  },
};
