import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlockRefRows } from '../../metadata/ports.js';
import { useStorage } from '../storage.fixture.js';
import { blockPublisher } from './block-publisher.js';

/**
 * The interleavings the LWT-free publish protocol's safety argument relies on
 * (docs/ARCHITECTURE.md, "Block lifecycle"), each forced deterministically: a collector acts at
 * one exact point of a writer's put, and the block must be on disk and referenced afterwards.
 */

const data = Buffer.from('a block the collector wants to remove');
const hash = createHash('sha256').update(data).digest('hex');

const fx = useStorage();

/** The collector's removal of `hash` as garbage-collector.ts does it: claim, re-check, delete, forget. */
async function collect(): Promise<'removed' | 'kept'> {
  const previous = await fx.rows.states.claimForRemoval(hash);
  if (previous === undefined) throw new Error('the claim must succeed here');
  if (await fx.rows.refs.isReferenced(hash)) {
    await fx.rows.states.restore(hash, previous);
    return 'kept';
  }
  await fx.store.delete(hash);
  await fx.rows.states.forget(hash);
  return 'removed';
}

/** Reference rows that run `before` just before the writer's reference is inserted. */
function refsWith(before: () => Promise<void>): BlockRefRows {
  return {
    ...fx.rows.refs,
    isReferenced: (h) => fx.rows.refs.isReferenced(h),
    count: (h) => fx.rows.refs.count(h),
    remove: (h, b) => fx.rows.refs.remove(h, b),
    add: async (h, b) => {
      await before();
      await fx.rows.refs.add(h, b);
    },
  };
}

describe('publishing a block while a collector removes it', () => {
  it("rewrites the file a collector deleted between the writer's file write and its state read", async () => {
    await fx.store.put(hash, data); // the block is already on disk, unreferenced (the writer only touches it)
    const events: string[] = [];
    const refs = refsWith(async () => {
      // The writer's file write (a touch of the existing file) finishes first; then, before its
      // reference exists, a whole removal happens.
      await new Promise((r) => setTimeout(r, 50));
      events.push(`touched ${(await fx.store.stat(hash)) !== undefined}`);
      events.push(await collect());
    });
    await blockPublisher({ store: fx.store, refs, states: fx.rows.states }, 'blob-1').put(hash, data);
    expect(events).toEqual(['touched true', 'removed']);
    expect(await fx.store.has(hash)).toBe(true);
    expect(await fx.rows.refs.isReferenced(hash)).toBe(true);
    expect(await fx.rows.states.get(hash)).toBeUndefined();
  });

  it('waits out a removal claimed before its reference, and keeps the block once it is restored', async () => {
    await fx.store.put(hash, data);
    let claimed = false;
    const refs = refsWith(async () => {
      // A collector claims before the reference exists; it re-checks only after the writer looked.
      claimed = (await fx.rows.states.claimForRemoval(hash)) !== undefined;
    });
    const put = blockPublisher({ store: fx.store, refs, states: fx.rows.states }, 'blob-2').put(hash, data);
    // Let the writer see REMOVING and start waiting, then finish the collector's pass: it now
    // sees the reference and restores the block.
    await new Promise((r) => setTimeout(r, 60));
    expect(await fx.rows.states.get(hash)).toBe('REMOVING');
    expect(await fx.rows.refs.isReferenced(hash)).toBe(true);
    await fx.rows.states.restore(hash, 'ABSENT');
    await put;
    expect(claimed).toBe(true);
    expect(await fx.store.has(hash)).toBe(true);
    expect(await fx.rows.refs.isReferenced(hash)).toBe(true);
  });

  it('a collector that claims after the reference exists keeps the block', async () => {
    await blockPublisher({ store: fx.store, refs: fx.rows.refs, states: fx.rows.states }, 'blob-3').put(
      hash,
      data,
    );
    expect(await collect()).toBe('kept');
    expect(await fx.store.has(hash)).toBe(true);
    expect(await fx.rows.states.get(hash)).toBeUndefined();
  });

  it('writes no state row on the common path: a new block costs a reference and a state read', async () => {
    const states = { ...fx.rows.states, calls: 0 };
    const counted = {
      get: async (h: string) => {
        states.calls++;
        return fx.rows.states.get(h);
      },
    };
    await blockPublisher(
      { store: fx.store, refs: fx.rows.refs, states: { ...fx.rows.states, ...counted } },
      'blob-4',
    ).put(hash, data);
    expect(states.calls).toBe(1);
    expect(await fx.rows.states.get(hash)).toBeUndefined();
    expect(await fx.store.has(hash)).toBe(true);
  });
});
