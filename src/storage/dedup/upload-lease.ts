import { S3Error, withHeaders } from '../../errors.js';
import type { LockRows } from '../../metadata/ports.js';
import { holdLease, LEASE_TTL_SECONDS } from '../held-lease.js';

/**
 * How long a request waits for another request on the same upload (concurrent Completes queue
 * up): longer than a dead holder's lease lives, so an upload left by a killed server is usable
 * again within the wait.
 */
const WAIT_MS = (LEASE_TTL_SECONDS + 5) * 1000;

/**
 * Runs `fn` holding the upload's lease (`upload:<id>`): Complete, Abort and the part-commit step
 * of UploadPart never interleave on one upload, across every server sharing the Cassandra cluster.
 * The lease is short and renewed while held (storage/held-lease.ts). A request that cannot get it
 * in time answers 503 SlowDown with Retry-After. `waitMs: 0` only tries once and returns
 * undefined when the lease is taken (background tasks).
 */
export async function withUploadLease<T>(
  locks: LockRows,
  uploadId: string,
  fn: () => Promise<T>,
  waitMs = WAIT_MS,
): Promise<T | undefined> {
  const held = await holdLease(locks, `upload:${uploadId}`, fn, { waitMs });
  if (held) return held.value;
  if (waitMs === 0) return undefined;
  throw withHeaders(
    new S3Error('SlowDown', 'Another request on this multipart upload is in progress; retry.'),
    {
      'Retry-After': String(LEASE_TTL_SECONDS),
    },
  );
}
