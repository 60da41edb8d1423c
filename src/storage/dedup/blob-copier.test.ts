import { describe, expect, it } from 'vitest';
import { bytes, hashesOf, useStorage } from '../storage.fixture.js';

const fx = useStorage();

describe('CopyObject by reference', () => {
  it('leaves no reference of its discarded blob behind when it fails', async () => {
    const data = bytes(8000, 4);
    const source = await fx.put('src', data);
    const [victim] = hashesOf(data);
    await fx.rows.states.claimForRemoval(victim!); // a collector is removing this block
    await expect(fx.objects.copySegments(await fx.objects.segments(source))).rejects.toThrow();
    expect(await fx.rows.refs.count(victim!)).toBe(1); // only the source's
  });
});
