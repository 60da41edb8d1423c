import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockStore, type BlockStoreObserver } from './block-store.js';

let dir: string;
let events: string[];
let store: BlockStore;
const observer: BlockStoreObserver = {
  blockPut: (bytes, created) => events.push(`put ${bytes} ${created ? 'new' : 'reused'}`),
  blockDeleted: (bytes) => events.push(`deleted ${bytes}`),
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-blocks-observed-'));
  events = [];
  store = new BlockStore(dir, observer);
  await store.init();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('BlockStore observer', () => {
  it('hears a new block, the same block reused, and its delete with its size, once each', async () => {
    const data = randomBytes(3000);
    const hash = createHash('sha256').update(data).digest('hex');
    await store.put(hash, data);
    await store.put(hash, data);
    await store.delete(hash);
    await store.delete(hash);
    expect(events).toEqual(['put 3000 new', 'put 3000 reused', 'deleted 3000']);
  });
});
