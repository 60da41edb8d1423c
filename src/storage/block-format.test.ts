import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKER_OPTIONS } from '../blocks/index.js';
import { chooseChunking, LEGACY_CHUNKING } from './block-format.js';
import { log } from './storage.fixture.js';

/** store_settings and the blobs table, as chooseChunking sees them. */
function store(recorded: string | undefined, holdsData: boolean) {
  const rows = new Map<string, string>(recorded ? [['chunking', recorded]] : []);
  return {
    rows,
    settings: {
      get: async (name: string) => rows.get(name),
      claim: async (name: string, value: string) => {
        if (!rows.has(name)) rows.set(name, value);
        return rows.get(name)!;
      },
      holdsData: async () => holdsData,
    },
  };
}

const unset = { blocks: DEFAULT_CHUNKER_OPTIONS, blocksConfigured: false };
const small = { minSize: 1024, avgSize: 2048, maxSize: 4096 };

describe('chunking sizes of a store', () => {
  it('records the default in a new store and keeps using it', async () => {
    const s = store(undefined, false);
    expect(await chooseChunking(s.settings, unset, log)).toEqual(DEFAULT_CHUNKER_OPTIONS);
    expect(s.rows.get('chunking')).toBe('131072/524288/2097152');
  });

  it('keeps the sizes a store written before the record was used (an upgrade)', async () => {
    const s = store(undefined, true);
    expect(await chooseChunking(s.settings, unset, log)).toEqual(LEGACY_CHUNKING);
    expect(s.rows.get('chunking')).toBe('16384/65536/262144');
    // Later starts read the record, whatever the default has become.
    expect(await chooseChunking(store('16384/65536/262144', true).settings, unset, log)).toEqual(
      LEGACY_CHUNKING,
    );
  });

  it('uses sizes set in the environment, without changing the record', async () => {
    const s = store('16384/65536/262144', true);
    expect(await chooseChunking(s.settings, { blocks: small, blocksConfigured: true }, log)).toEqual(small);
    expect(s.rows.get('chunking')).toBe('16384/65536/262144');
  });

  it('refuses a record it cannot read', async () => {
    await expect(chooseChunking(store('64/x/1', true).settings, unset, log)).rejects.toThrow(
      /not min\/avg\/max/,
    );
  });
});
