import type { ChunkerOptions } from '../blocks/index.js';
import type { Logger } from '../logger.js';
import type { StoreSettings } from '../metadata/store-settings.js';

/** The sizes every store used before they were recorded (the defaults until 2026-12-02). */
export const LEGACY_CHUNKING: ChunkerOptions = Object.freeze({
  minSize: 16 * 1024,
  avgSize: 64 * 1024,
  maxSize: 256 * 1024,
});

const SETTING = 'chunking';

/**
 * The chunking sizes this server cuts new data with. Cut points are part of the on-disk format:
 * data cut with other sizes is read as well as ever, but no longer deduplicates with new data. So a
 * store records the sizes it was first written with and keeps them across upgrades of the default:
 *  - sizes set in the environment win (a warning says when they differ from the store's);
 *  - else the recorded sizes; a store with data but no record was written with LEGACY_CHUNKING;
 *  - else (a new store) the default, recorded by the first server (an LWT, so all agree).
 */
export async function chooseChunking(
  settings: Pick<StoreSettings, 'get' | 'claim' | 'holdsData'>,
  configured: { blocks: ChunkerOptions; blocksConfigured: boolean },
  log: Logger,
): Promise<ChunkerOptions> {
  const recorded = await settings.get(SETTING);
  const stored = recorded
    ? parse(recorded)
    : parse(
        await settings.claim(
          SETTING,
          format((await settings.holdsData()) ? LEGACY_CHUNKING : configured.blocks),
        ),
      );
  if (!configured.blocksConfigured) return stored;
  if (format(stored) !== format(configured.blocks)) {
    log.warn(
      { store: stored, configured: configured.blocks },
      'OKS3_BLOCK_* differ from the sizes this store was written with: new data will not deduplicate with old',
    );
  }
  return configured.blocks;
}

function format(c: ChunkerOptions): string {
  return `${c.minSize}/${c.avgSize}/${c.maxSize}`;
}

function parse(text: string): ChunkerOptions {
  const [minSize, avgSize, maxSize] = text.split('/').map(Number);
  if (![minSize, avgSize, maxSize].every((n) => Number.isSafeInteger(n) && n! > 0)) {
    throw new Error(`store_settings.chunking is not min/avg/max: "${text}"`);
  }
  return Object.freeze({ minSize: minSize!, avgSize: avgSize!, maxSize: maxSize! });
}
