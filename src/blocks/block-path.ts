import path from 'node:path';
import { InvalidBlockHashError } from './errors.js';

const BLOCK_HASH = /^[0-9a-f]{64}$/;

/** True for a SHA-256 in lowercase hex, the only form a block name may take. */
export function isBlockHash(value: string): boolean {
  return BLOCK_HASH.test(value);
}

export function assertBlockHash(value: string): void {
  if (!isBlockHash(value)) throw new InvalidBlockHashError(value);
}

/**
 * `<dataDir>/<h[0..2]>/<h[2..4]>/<hash>`: two levels of 256 directories keep each directory small
 * (a million blocks is ~15 files per leaf). The strict hash check is what guarantees that no
 * input, such as `../` or a separator, can name a path outside the data directory.
 */
export function blockPath(dataDir: string, hash: string): string {
  assertBlockHash(hash);
  return path.join(dataDir, hash.slice(0, 2), hash.slice(2, 4), hash);
}
