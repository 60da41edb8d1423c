import type { LockRows } from '../metadata/ports.js';

/** A lease's life when nobody renews it: how long a dead holder blocks others at most. */
export const LEASE_TTL_SECONDS = 10;
/** Renewed this often while held, so a live holder keeps it however long its work takes. */
const RENEW_EVERY_MS = 3000;

export interface HoldOptions {
  /** How long to wait for another holder (a live one finishes, a dead one's lease expires). */
  waitMs: number;
  ttlSeconds?: number;
}

/**
 * Runs `work` holding the lease `name`, renewing it while the work runs; undefined when the lease
 * could not be had within `waitMs`. The TTL is short so that a crashed holder blocks others for
 * seconds, not minutes; a renewal that fails (the lease expired during a long Cassandra stall) is
 * logged by the caller's `onLost` and the work runs on, as every step it takes is crash-safe.
 */
export async function holdLease<T>(
  locks: LockRows,
  name: string,
  work: () => Promise<T>,
  opts: HoldOptions,
  onLost: (name: string) => void = () => {},
): Promise<{ value: T } | undefined> {
  const ttl = opts.ttlSeconds ?? LEASE_TTL_SECONDS;
  const lease =
    opts.waitMs === 0 ? await locks.tryAcquire(name, ttl) : await locks.acquire(name, ttl, opts.waitMs);
  if (!lease) return undefined;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      if (!(await locks.renew(lease, ttl).catch(() => false))) onLost(name);
    });
  }, RENEW_EVERY_MS);
  timer.unref();
  try {
    return { value: await work() };
  } finally {
    clearInterval(timer);
    await renewing;
    await locks.release(lease);
  }
}
