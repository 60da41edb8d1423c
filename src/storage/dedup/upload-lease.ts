import { S3Error } from '../../errors.js';
import type { LockRows } from '../../metadata/ports.js';

/**
 * Long enough for the slowest holder (a Complete of 10,000 parts writes one intent per part);
 * a crashed holder blocks the upload for at most this long.
 */
export const UPLOAD_LEASE_SECONDS = 120;
/** How long a request waits for another request on the same upload (concurrent Completes queue up). */
const WAIT_MS = 60_000;

/**
 * Runs `fn` holding the upload's lease (`upload:<id>`): Complete, Abort and the part-commit step
 * of UploadPart never interleave on one upload, across every server sharing the Cassandra cluster.
 * `waitMs: 0` only tries once and returns undefined when the lease is taken (background tasks).
 */
export async function withUploadLease<T>(
  locks: LockRows,
  uploadId: string,
  fn: () => Promise<T>,
  waitMs = WAIT_MS,
): Promise<T | undefined> {
  const name = `upload:${uploadId}`;
  const lease =
    waitMs === 0
      ? await locks.tryAcquire(name, UPLOAD_LEASE_SECONDS)
      : await locks.acquire(name, UPLOAD_LEASE_SECONDS, waitMs);
  if (!lease) {
    if (waitMs === 0) return undefined;
    throw new S3Error('ServiceUnavailable', 'Another request on this multipart upload is in progress.');
  }
  try {
    return await fn();
  } finally {
    await locks.release(lease);
  }
}
