import type { Logger } from '../logger.js';
import type { LockRows } from '../metadata/ports.js';
import { holdLease } from './held-lease.js';

/**
 * Leases (locks that expire) for writers that must not interleave, e.g. conditional writes of one
 * key. Short and renewed while held (held-lease.ts): a crashed holder blocks others for seconds.
 */
export class LeaseStore {
  constructor(
    private readonly locks: LockRows,
    private readonly log: Logger,
  ) {}

  /** Runs `work` holding the lease; undefined when another holder kept it for `waitMs`. */
  hold<T>(name: string, work: () => Promise<T>, waitMs: number): Promise<{ value: T } | undefined> {
    return holdLease(this.locks, name, work, { waitMs }, (lost) =>
      this.log.warn({ lease: lost }, 'lease renewal failed; the work goes on'),
    );
  }
}
