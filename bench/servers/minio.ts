import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../lib/free-port.js';
import { BIN_DIR } from '../lib/paths.js';
import { missingBinaryReason } from './build-status.js';
import { launch, terminate } from './child-process.js';
import type { RunningServer, ServerKind, StartContext } from './server.js';

const CREDENTIALS = { accessKeyId: 'benchadmin', secretAccessKey: 'bench-secret-key', region: 'us-east-1' };

/** MinIO single-node single-drive, built from the Go module proxy by bench/build-peers.sh. */
export const minio: ServerKind = {
  name: 'MinIO',
  async unavailableReason() {
    return missingBinaryReason('minio');
  },
  async start(ctx: StartContext): Promise<RunningServer> {
    const binary = path.join(BIN_DIR, 'minio');
    const dataDir = path.join(ctx.workDir, 'data');
    const consolePort = await freePort();
    const child = await launch({
      command: binary,
      args: [
        'server',
        dataDir,
        '--address',
        `127.0.0.1:${ctx.port}`,
        '--console-address',
        `127.0.0.1:${consolePort}`,
        '--quiet',
      ],
      env: {
        MINIO_ROOT_USER: CREDENTIALS.accessKeyId,
        MINIO_ROOT_PASSWORD: CREDENTIALS.secretAccessKey,
        MINIO_BROWSER: 'off',
        MINIO_UPDATE: 'off',
      },
      logFile: path.join(ctx.workDir, 'server.log'),
      host: '127.0.0.1',
      port: ctx.port,
      credentials: CREDENTIALS,
    });
    // `go install` builds report DEVELOPMENT.GOGET as their version, so the build script records
    // the module version it installed.
    const version = await readFile(`${binary}.version`, 'utf8').then(
      (v) => `github.com/minio/minio@${v.trim()}`,
      () => 'unknown',
    );
    return {
      name: 'MinIO',
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
