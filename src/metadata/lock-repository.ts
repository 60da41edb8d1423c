import { randomUUID } from 'node:crypto';
import type { CqlClient } from './cassandra-client.js';

export interface Lease {
  name: string;
  owner: string;
}

/**
 * Leases in the `locks` table: an LWT insert with a TTL, so a crashed holder blocks nobody for
 * longer than the TTL. Release and renew only succeed for the owner.
 */
export class LockRepository {
  constructor(private readonly db: CqlClient) {}

  async tryAcquire(name: string, ttlSeconds: number): Promise<Lease | undefined> {
    const owner = randomUUID();
    const rs = await this.db.execute(
      `INSERT INTO locks (name, owner, acquired_at) VALUES (?, ?, toTimestamp(now())) IF NOT EXISTS USING TTL ${ttlSeconds | 0}`,
      [name, owner],
    );
    return rs.first().get('[applied]') === true ? { name, owner } : undefined;
  }

  /** Waits for the lease, polling with jitter, for at most `waitMs`. */
  async acquire(name: string, ttlSeconds: number, waitMs: number): Promise<Lease | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const lease = await this.tryAcquire(name, ttlSeconds);
      if (lease || Date.now() >= deadline) return lease;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }

  async renew(lease: Lease, ttlSeconds: number): Promise<boolean> {
    const rs = await this.db.execute(
      `UPDATE locks USING TTL ${ttlSeconds | 0} SET owner = ? WHERE name = ? IF owner = ?`,
      [lease.owner, lease.name, lease.owner],
    );
    return rs.first().get('[applied]') === true;
  }

  async release(lease: Lease): Promise<void> {
    await this.db.execute('DELETE FROM locks WHERE name = ? IF owner = ?', [lease.name, lease.owner]);
  }
}
