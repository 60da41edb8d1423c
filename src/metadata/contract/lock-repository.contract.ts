import { beforeEach, describe, expect, it } from 'vitest';
import type { LockRows } from '../ports.js';
import { type MakeSubject, uniqueName } from './contract-subject.js';

/** What leases rely on in LockRepository: one holder at a time, owner-checked, gone with the TTL. */
export function describeLockRepositoryContract(make: MakeSubject): void {
  describe('LockRepository contract', () => {
    let locks: LockRows;
    let elapse: (ms: number) => Promise<void>;
    beforeEach(async () => {
      const subject = await make();
      locks = subject.rows.locks;
      elapse = subject.elapse;
    });

    it('gives a lease to one holder at a time, until its owner releases it', async () => {
      const name = uniqueName('lock');
      const lease = await locks.tryAcquire(name, 60);
      expect(lease).toEqual({ name, owner: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(await locks.tryAcquire(name, 60)).toBeUndefined();
      await locks.release({ name, owner: 'someone-else' });
      expect(await locks.tryAcquire(name, 60)).toBeUndefined();
      await locks.release(lease!);
      const next = await locks.tryAcquire(name, 60);
      expect(next?.owner).not.toBe(lease!.owner);
    });

    it('renews a lease for its owner only', async () => {
      const name = uniqueName('lock');
      const lease = (await locks.tryAcquire(name, 60))!;
      expect(await locks.renew(lease, 60)).toBe(true);
      expect(await locks.renew({ name, owner: 'someone-else' }, 60)).toBe(false);
      await locks.release(lease);
      expect(await locks.renew(lease, 60)).toBe(false);
    });

    it('frees a lease when its TTL runs out', async () => {
      const name = uniqueName('lock');
      expect(await locks.tryAcquire(name, 1)).toBeDefined();
      await elapse(1500);
      expect(await locks.tryAcquire(name, 60)).toBeDefined();
    });

    it('keeps a renewed lease past its first TTL', async () => {
      const name = uniqueName('lock');
      const lease = (await locks.tryAcquire(name, 3))!;
      await elapse(1200);
      expect(await locks.renew(lease, 6)).toBe(true);
      await elapse(2300);
      expect(await locks.tryAcquire(name, 60)).toBeUndefined();
      expect(await locks.renew(lease, 6)).toBe(true);
    });

    it('waits for a lease released meanwhile, and gives up after the wait when it is kept', async () => {
      const name = uniqueName('lock');
      const held = (await locks.tryAcquire(name, 60))!;
      const started = Date.now();
      expect(await locks.acquire(name, 60, 300)).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      setTimeout(() => void locks.release(held), 100);
      const waited = await locks.acquire(name, 60, 5000);
      expect(waited?.name).toBe(name);
      expect(waited?.owner).not.toBe(held.owner);
    });
  });
}
