import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN_DIR, BUILD_LOG_DIR } from '../lib/paths.js';

/**
 * Why a peer binary from bench/build-peers.sh is missing: its build failed (with the error lines of
 * the log), is still running, or never ran. Undefined when the binary is there.
 */
export function missingBinaryReason(binary: string): string | undefined {
  if (existsSync(path.join(BIN_DIR, binary))) return undefined;
  const logFile = path.join(BUILD_LOG_DIR, `${binary}-build.log`);
  if (!existsSync(logFile))
    return `not built (no ${path.join(BIN_DIR, binary)}; run bash bench/build-peers.sh)`;
  const lines = readFileSync(logFile, 'utf8').trim().split('\n');
  const status = /^exit (\d+)$/.exec(lines.at(-1) ?? '');
  if (!status) return `build still running or interrupted (see ${logFile})`;
  const errors = lines.filter((l) => !l.startsWith('go: downloading') && !/^exit \d+$/.test(l)).slice(-6);
  return `build failed (exit ${status[1]}): ${errors.join(' | ')}`;
}
