import { beforeEach, describe, expect, it } from 'vitest';
import type { BlockStateRows } from '../ports.js';
import { isBetween, type MakeSubject, randomHash } from './contract-subject.js';

/** What the dedup protocol relies on in BlockStateRepository: every transition is an LWT. */
export function describeBlockStateRepositoryContract(make: MakeSubject): void {
  describe('BlockStateRepository contract', () => {
    let states: BlockStateRows;
    beforeEach(async () => {
      states = (await make()).rows.states;
    });

    async function online(): Promise<string> {
      const hash = randomHash();
      await states.claimForWrite(hash, 100);
      await states.markOnline(hash);
      return hash;
    }

    it('has no state for an unknown block', async () => {
      const hash = randomHash();
      expect(await states.get(hash)).toBeUndefined();
      expect(await states.getWithTime(hash)).toBeUndefined();
    });

    it('claims an absent block for writing once, then answers the state it has', async () => {
      const hash = randomHash();
      expect(await states.claimForWrite(hash, 100)).toEqual({ created: true, state: 'UPLOADING' });
      expect(await states.claimForWrite(hash, 100)).toEqual({ created: false, state: 'UPLOADING' });
      await states.markOnline(hash);
      expect(await states.claimForWrite(hash, 100)).toEqual({ created: false, state: 'ONLINE' });
      await states.claimForRemoval(hash);
      expect(await states.claimForWrite(hash, 100)).toEqual({ created: false, state: 'REMOVING' });
    });

    it('marks an UPLOADING block ONLINE, accepts one already ONLINE, refuses REMOVING and absent ones', async () => {
      const hash = randomHash();
      await states.claimForWrite(hash, 100);
      expect(await states.markOnline(hash)).toBe(true);
      expect(await states.get(hash)).toBe('ONLINE');
      expect(await states.markOnline(hash)).toBe(true);
      await states.claimForRemoval(hash);
      expect(await states.markOnline(hash)).toBe(false);
      expect(await states.get(hash)).toBe('REMOVING');
      const absent = randomHash();
      expect(await states.markOnline(absent)).toBe(false);
      expect(await states.get(absent)).toBeUndefined();
    });

    it('claims an ONLINE block for removal once and answers its previous state', async () => {
      const hash = await online();
      expect(await states.claimForRemoval(hash)).toBe('ONLINE');
      expect(await states.get(hash)).toBe('REMOVING');
      expect(await states.claimForRemoval(hash)).toBeUndefined();
      expect(await states.get(hash)).toBe('REMOVING');
    });

    it('claims an absent block for removal and answers ABSENT', async () => {
      const hash = randomHash();
      expect(await states.claimForRemoval(hash)).toBe('ABSENT');
      expect(await states.get(hash)).toBe('REMOVING');
      expect(await states.claimForRemoval(hash)).toBeUndefined();
    });

    it('answers ONLINE as the previous state of an UPLOADING block it claims (an applied LWT returns no columns)', async () => {
      const hash = randomHash();
      await states.claimForWrite(hash, 100);
      expect(await states.claimForRemoval(hash)).toBe('ONLINE');
      expect(await states.get(hash)).toBe('REMOVING');
    });

    it('restores a claimed block to the state given, or deletes it when it had none', async () => {
      const hash = await online();
      const previous = await states.claimForRemoval(hash);
      await states.restore(hash, previous!);
      expect(await states.get(hash)).toBe('ONLINE');
      const absent = randomHash();
      await states.restore(absent, (await states.claimForRemoval(absent))!);
      expect(await states.get(absent)).toBeUndefined();
      const uploading = randomHash();
      await states.claimForWrite(uploading, 100);
      await states.claimForRemoval(uploading);
      await states.restore(uploading, 'UPLOADING');
      expect(await states.get(uploading)).toBe('UPLOADING');
    });

    it('restores and forgets only a block that is REMOVING', async () => {
      const hash = await online();
      await states.restore(hash, 'UPLOADING');
      await states.restore(hash, 'ABSENT');
      await states.forget(hash);
      expect(await states.get(hash)).toBe('ONLINE');
      await states.claimForRemoval(hash);
      await states.forget(hash);
      expect(await states.get(hash)).toBeUndefined();
      expect(await states.claimForWrite(hash, 100)).toEqual({ created: true, state: 'UPLOADING' });
    });

    it('records when the state last changed', async () => {
      const hash = randomHash();
      const before = Date.now();
      await states.claimForWrite(hash, 100);
      await states.claimForRemoval(hash);
      const after = Date.now();
      const current = await states.getWithTime(hash);
      expect(current?.state).toBe('REMOVING');
      expect(isBetween(current!.updatedAt, before, after)).toBe(true);
    });
  });
}
