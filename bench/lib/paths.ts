import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; this file runs from dist-bench/bench/lib/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where bench/build-peers.sh puts the Go binaries (never inside the repository). */
export const BIN_DIR = process.env.OKS3_BENCH_BIN ?? path.join(homedir(), '.cache/ok-s3/bench/bin');

/** Build logs of the peers, read to say why a peer is missing. */
export const BUILD_LOG_DIR = path.join(path.dirname(BIN_DIR), 'logs');

/** Cassandra's state folder as scripts/cassandra.sh lays it out. */
export const CASSANDRA_STATE = process.env.OKS3_CASSANDRA_DATA ?? path.join(REPO_ROOT, '.cassandra');
