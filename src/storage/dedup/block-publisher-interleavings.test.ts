import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockStore } from '../../blocks/index.js';
import { memoryMetadata } from '../../metadata/memory/memory-metadata.js';
import type { BlockRefRows } from '../../metadata/ports.js';
import { blockPublisher } from './block-publisher.js';

/**
 * The interleavings the LWT-free publish protocol's safety argument relies on
 * (docs/ARCHITECTURE.md, "Block lifecycle"), each forced deterministically: a collector acts at
 * one exact point of a writer's put, and the block must be on disk and referenced afterwards.
 */

const data = Buffer.from('a block the collector wants to remove');
const hash = createHash('sha256').update(data).digest('hex');

let dir: string;
let store: BlockStore;
let rows: ReturnType<typeof memoryMetadata>;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-publish-'));
  store = new BlockStore(dir);
  await store.init();
  rows = memoryMetadata();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The collector's removal of `hash` as garbage-collector.ts does it: claim, re-check, delete, forget. */
async function collect(): Promise<'removed' | 'kept'> {
  const previous = await rows.states.claimForRemoval(hash);
  if (previous === undefined) throw new Error('the claim must succeed here');
  if (await rows.refs.isReferenced(hash)) {
    await rows.states.restore(hash, previous);
    return 'kept';
  }
  await store.delete(hash);
  await rows.states.forget(hash);
  return 'removed';
}

/** Reference rows that run `before` just before the writer's reference is inserted. */
function refsWith(before: () => Promise<void>): BlockRefRows {
  return {
    ...rows.refs,
    isReferenced: (h) => rows.refs.isReferenced(h),
    count: (h) => rows.refs.count(h),
    remove: (h, b) => rows.refs.remove(h, b),
    add: async (h, b) => {
      await before();
      await rows.refs.add(h, b);
    },
  };
}

describe('publishing a block while a collector removes it', () => {
  it("rewrites the file a collector deleted between the writer's file write and its state read", async () => {
    await store.put(hash, data); // the block is already on disk, unreferenced (the writer only touches it)
    const events: string[] = [];
    const refs = refsWith(async () => {
      // The writer's file write (a touch of the existing file) finishes first; then, before its
      // reference exists, a whole removal happens.
      await new Promise((r) => setTimeout(r, 50));
      events.push(`touched ${(await store.stat(hash)) !== undefined}`);
      events.push(await collect());
    });
    await blockPublisher({ store, refs, states: rows.states }, 'blob-1').put(hash, data);
    expect(events).toEqual(['touched true', 'removed']);
    expect(await store.has(hash)).toBe(true);
    expect(await rows.refs.isReferenced(hash)).toBe(true);
    expect(await rows.states.get(hash)).toBeUndefined();
  });

  it('waits out a removal claimed before its reference, and keeps the block once it is restored', async () => {
    await store.put(hash, data);
    let claimed = false;
    const refs = refsWith(async () => {
      // A collector claims before the reference exists; it re-checks only after the writer looked.
      claimed = (await rows.states.claimForRemoval(hash)) !== undefined;
    });
    const put = blockPublisher({ store, refs, states: rows.states }, 'blob-2').put(hash, data);
    // Let the writer see REMOVING and start waiting, then finish the collector's pass: it now
    // sees the reference and restores the block.
    await new Promise((r) => setTimeout(r, 60));
    expect(await rows.states.get(hash)).toBe('REMOVING');
    expect(await rows.refs.isReferenced(hash)).toBe(true);
    await rows.states.restore(hash, 'ABSENT');
    await put;
    expect(claimed).toBe(true);
    expect(await store.has(hash)).toBe(true);
    expect(await rows.refs.isReferenced(hash)).toBe(true);
  });

  it('a collector that claims after the reference exists keeps the block', async () => {
    await blockPublisher({ store, refs: rows.refs, states: rows.states }, 'blob-3').put(hash, data);
    expect(await collect()).toBe('kept');
    expect(await store.has(hash)).toBe(true);
    expect(await rows.states.get(hash)).toBeUndefined();
  });

  it('writes no state row on the common path: a new block costs a reference and a state read', async () => {
    const states = { ...rows.states, calls: 0 };
    const counted = {
      get: async (h: string) => {
        states.calls++;
        return rows.states.get(h);
      },
    };
    await blockPublisher({ store, refs: rows.refs, states: { ...rows.states, ...counted } }, 'blob-4').put(
      hash,
      data,
    );
    expect(states.calls).toBe(1);
    expect(await rows.states.get(hash)).toBeUndefined();
    expect(await store.has(hash)).toBe(true);
  });
});
