import type { BlockStore } from '../../src/blocks/index.js';
import type { BlockRefRepository } from '../../src/metadata/block-ref-repository.js';
import type { BlockState, BlockStateRepository } from '../../src/metadata/block-state-repository.js';
import {
  type CollectorDeps,
  type CollectStats,
  collectGarbage,
} from '../../src/storage/background/garbage-collector.js';
import type { PublisherDeps } from '../../src/storage/dedup/block-publisher.js';

/**
 * Blocks a test is publishing right now (a block may be in several publishes at once), and a way
 * to start a publish the moment a probed collector begins to decide on a block.
 */
export class PublishWindow {
  readonly #open = new Map<string, number>();
  readonly #watchers = new Map<string, Set<() => void>>();

  /**
   * Resolves when a probed collector checks the references of one of `hashes`, or when `until`
   * settles first (the collector pass that was to meet them is over).
   */
  checked(hashes: Iterable<string>, until: Promise<unknown>): Promise<void> {
    const list = [...hashes];
    return new Promise((resolve) => {
      const done = () => {
        for (const h of list) this.#watchers.get(h)?.delete(done);
        resolve();
      };
      for (const h of list) this.#watchers.set(h, (this.#watchers.get(h) ?? new Set()).add(done));
      until.then(done, done);
    });
  }

  /** Called by a probed collector as it checks the references of `hash`. */
  notifyChecked(hash: string): void {
    for (const done of [...(this.#watchers.get(hash) ?? [])]) done();
    this.#watchers.delete(hash);
  }

  open(hashes: Iterable<string>): void {
    for (const h of hashes) this.#open.set(h, (this.#open.get(h) ?? 0) + 1);
  }

  close(hashes: Iterable<string>): void {
    for (const h of hashes) {
      const n = (this.#open.get(h) ?? 0) - 1;
      if (n > 0) this.#open.set(h, n);
      else this.#open.delete(h);
    }
  }

  has(hash: string): boolean {
    return this.#open.has(hash);
  }
}

/** What probed collectors did to blocks while they were in the publish window. */
export interface CollectorRaces {
  /** Reference checks (the first one, and the re-check after a claim). */
  checked: number;
  /** Removal claims taken (the collector had found no reference). */
  claimed: number;
  /** Of those, claims given back because the publisher's reference then appeared. */
  restored: number;
  /** Of those, blocks deleted: the publisher's reference came after the re-check. */
  removed: number;
}

export const noRaces = (): CollectorRaces => ({ checked: 0, claimed: 0, restored: 0, removed: 0 });

/**
 * The same collector dependencies, counting into `races` the steps the collector takes on blocks
 * that `window` says are being published (src/storage/background/garbage-collector.ts).
 */
export function probeCollector(
  deps: CollectorDeps,
  window: PublishWindow,
  races: CollectorRaces,
): CollectorDeps {
  const claims = new Set<string>();
  const refs = Object.assign(Object.create(deps.refs) as BlockRefRepository, {
    isReferenced: async (hash: string) => {
      if (window.has(hash)) races.checked += 1;
      window.notifyChecked(hash);
      return deps.refs.isReferenced(hash);
    },
  });
  const states = Object.assign(Object.create(deps.states) as BlockStateRepository, {
    claimForRemoval: async (hash: string) => {
      const previous = await deps.states.claimForRemoval(hash);
      if (previous !== undefined && window.has(hash)) {
        races.claimed += 1;
        claims.add(hash);
      }
      return previous;
    },
    restore: async (hash: string, previous: BlockState | 'ABSENT') => {
      if (claims.delete(hash)) races.restored += 1;
      await deps.states.restore(hash, previous);
    },
    forget: async (hash: string) => {
      if (claims.delete(hash)) races.removed += 1;
      await deps.states.forget(hash);
    },
  });
  return { ...deps, refs, states };
}

/** `count` collectors passing over the queue without pause (grace 0) until stopped. */
export function runCollectors(count: number, deps: CollectorDeps): { stop: () => Promise<CollectStats> } {
  const total: CollectStats = { examined: 0, removed: 0, kept: 0 };
  let stopping = false;
  const loops = Array.from({ length: count }, async () => {
    while (!stopping) {
      const pass = await collectGarbage(deps, 0);
      total.examined += pass.examined;
      total.removed += pass.removed;
      total.kept += pass.kept;
    }
  });
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
      return total;
    },
  };
}

/** What a probed publisher met: a removal under way, or its block file deleted under it. */
export interface PublisherRaces {
  /** State reads that found the block REMOVING (the publisher then waits and looks again). */
  waited: number;
  /** Looks after the state read that found the file gone (a collector deleted it): written again. */
  rewritten: number;
}

/**
 * Publisher dependencies whose reference writes and state reads take up to 15 ms longer (a busy
 * coordinator), counting into `races` what the publisher met (src/storage/dedup/block-publisher.ts).
 */
export function slowPublisher(deps: PublisherDeps, races: PublisherRaces): PublisherDeps {
  const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 15));
  const refs = Object.assign(Object.create(deps.refs) as BlockRefRepository, {
    add: async (hash: string, blobId: string) => {
      await jitter();
      await deps.refs.add(hash, blobId);
    },
  });
  const states = Object.assign(Object.create(deps.states) as BlockStateRepository, {
    get: async (hash: string) => {
      await jitter();
      const state = await deps.states.get(hash);
      if (state === 'REMOVING') races.waited += 1;
      return state;
    },
  });
  // BlockStore keeps private fields: every method the publisher calls runs on the real store.
  const store = Object.assign(Object.create(deps.store) as BlockStore, {
    put: (hash: string, data: Uint8Array) => deps.store.put(hash, data),
    has: async (hash: string) => {
      const present = await deps.store.has(hash);
      if (!present) races.rewritten += 1;
      return present;
    },
  });
  return { ...deps, refs, states, store };
}
