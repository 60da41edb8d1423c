import type { Lease, LockRepository } from '../metadata/lock-repository.js';

/**
 * Leases (locks that expire) for writers that must not interleave, e.g. conditional writes of one
 * key. A crashed holder blocks nobody longer than the lease.
 */
export class LeaseStore {
  constructor(private readonly locks: LockRepository) {}

  /** Waits up to `waitMs` for the lease; undefined when another holder kept it that long. */
  acquire(name: string, seconds: number, waitMs: number): Promise<Lease | undefined> {
    return this.locks.acquire(name, seconds, waitMs);
  }

  release(lease: Lease): Promise<void> {
    return this.locks.release(lease);
  }
}
