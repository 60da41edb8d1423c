import type { Lease } from '../metadata/lock-repository.js';
import type { LockRows } from '../metadata/ports.js';

/**
 * Leases (locks that expire) for writers that must not interleave, e.g. conditional writes of one
 * key. A crashed holder blocks nobody longer than the lease.
 */
export class LeaseStore {
  constructor(private readonly locks: LockRows) {}

  /** Waits up to `waitMs` for the lease; undefined when another holder kept it that long. */
  acquire(name: string, seconds: number, waitMs: number): Promise<Lease | undefined> {
    return this.locks.acquire(name, seconds, waitMs);
  }

  release(lease: Lease): Promise<void> {
    return this.locks.release(lease);
  }
}
