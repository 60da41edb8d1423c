import { randomUUID } from 'node:crypto';
import type { Lease } from '../lock-repository.js';
import type { LockRows } from '../ports.js';
import type { MemoryDb } from './memory-db.js';

/** LockRepository on a MemoryDb: `locks` rows that expire with their TTL on the db's clock. */
export class MemoryLockRepository implements LockRows {
  constructor(private readonly db: MemoryDb) {}

  tryAcquire(name: string, ttlSeconds: number): Promise<Lease | undefined> {
    const owner = randomUUID();
    return this.db.run(() => {
      if (this.db.tables.locks.get({ name })) return undefined;
      this.db.tables.locks.insert(
        { name, owner, acquired_at: this.db.date() },
        { ts: this.db.timestamp(), ttlSeconds: ttlSeconds | 0 },
      );
      return { name, owner };
    });
  }

  /** The same polling as LockRepository's (its wait is real time, whatever the db's clock says). */
  async acquire(name: string, ttlSeconds: number, waitMs: number): Promise<Lease | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const lease = await this.tryAcquire(name, ttlSeconds);
      if (lease || Date.now() >= deadline) return lease;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }

  /** Like the real UPDATE ... USING TTL: the owner cell lives on, so the row does. */
  renew(lease: Lease, ttlSeconds: number): Promise<boolean> {
    return this.db.run(() => {
      if (this.db.tables.locks.get({ name: lease.name })?.owner !== lease.owner) return false;
      this.db.tables.locks.update(
        { name: lease.name, owner: lease.owner },
        { ts: this.db.timestamp(), ttlSeconds: ttlSeconds | 0 },
      );
      return true;
    });
  }

  async release(lease: Lease): Promise<void> {
    await this.db.run(() => {
      if (this.db.tables.locks.get({ name: lease.name })?.owner === lease.owner) {
        this.db.tables.locks.deleteRow({ name: lease.name }, this.db.timestamp());
      }
    });
  }
}
