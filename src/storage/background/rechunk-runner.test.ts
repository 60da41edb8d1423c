import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BUCKET, bytes, CHUNKING, log, useStorage } from '../storage.fixture.js';
import { type RetryBook, rechunkQueued } from './rechunk-runner.js';

const fx = useStorage();
const deps = () => ({ ...fx.rows, store: fx.store, chunking: CHUNKING, log });

/** A two-part version of `key`, queued as Complete queues it. */
async function queued(key: string, seed: number) {
  const v = await fx.putParts(key, [bytes(9_000, seed), bytes(9_000, seed + 1)]);
  await fx.rows.rechunks.enqueue({ bucket: BUCKET, key, versionId: v.versionId });
  return v;
}

const pending = async () => (await fx.rows.rechunks.pending(100)).map((e) => e.key).sort();

describe('the re-chunk queue runner', () => {
  it('re-chunks what it can, retries a failure less and less often, and gives up after an hour', async () => {
    await queued('good', 1);
    const bad = await queued('bad', 3);
    // A block the runner cannot read: the first block of the bad version's second part.
    const [, second] = await fx.rows.versions.segments(bad.versionId);
    for await (const b of fx.rows.blobs.blocks(second!.blobId)) {
      await rm(fx.store.pathOf(b.hash));
      break;
    }
    const retries: RetryBook = new Map();
    let clock = Date.now();
    const now = () => clock;
    expect(await rechunkQueued(deps(), retries, now)).toMatchObject({ rechunked: 1, failed: 1, dropped: 0 });
    expect(await pending()).toEqual(['bad']);
    // Not again before its wait is over, then once more with a doubled wait.
    expect(await rechunkQueued(deps(), retries, now)).toMatchObject({ rechunked: 0, failed: 0 });
    clock += 5_000;
    expect(await rechunkQueued(deps(), retries, now)).toMatchObject({ failed: 1 });
    expect(retries.get(bad.versionId)?.waitMs).toBe(10_000);
    clock += 9_000;
    expect(await rechunkQueued(deps(), retries, now)).toMatchObject({ failed: 0 });
    // An hour after the version was written, a failure drops the entry; the object is unchanged.
    clock += 3_600_000;
    expect(await rechunkQueued(deps(), retries, now)).toMatchObject({ failed: 1, dropped: 1 });
    expect(await pending()).toEqual([]);
    expect(retries.size).toBe(0);
    expect(new Set((await fx.rows.versions.segments(bad.versionId)).map((s) => s.blobId)).size).toBe(2);
  });

  it('drops the entry of a version that is gone', async () => {
    await queued('gone', 5);
    await fx.objects.deleteObject(BUCKET, 'gone', 'Unversioned');
    expect(await rechunkQueued(deps())).toMatchObject({ gone: 1, failed: 0 });
    expect(await pending()).toEqual([]);
  });
});
