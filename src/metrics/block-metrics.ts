import { Counter, Gauge, type Registry } from 'prom-client';
import type { BlockStoreObserver } from '../blocks/index.js';

export interface BlockMetrics extends BlockStoreObserver {
  /** Adds a count of the files already on disk (taken at start-up) to the live tally. */
  addCensus(census: { blocks: number; bytes: number }): void;
}

/**
 * Blocks written, new or reused (the live dedup ratio), and the store's size. The size is a walk
 * of the data folder at start-up plus every file written or deleted since, so a scrape costs no
 * disk walk; a block written while the walk runs may be counted twice until the next start.
 */
export function blockMetrics(registry: Registry): BlockMetrics {
  const registers = [registry];
  const blocks = new Counter({
    name: 'oks3_blocks_written_total',
    help: 'Blocks of request bodies put in the block store: new (a file written) or reused (already stored).',
    labelNames: ['block'] as const,
    registers,
  });
  const bytes = new Counter({
    name: 'oks3_block_bytes_written_total',
    help: 'Bytes of the blocks put in the block store: new (written to disk) or reused (deduplicated).',
    labelNames: ['block'] as const,
    registers,
  });
  const deleted = new Counter({
    name: 'oks3_blocks_deleted_total',
    help: 'Block files deleted by the collector.',
    registers,
  });
  const files = new Gauge({
    name: 'oks3_block_store_files',
    help: 'Block files in the data folder.',
    registers,
  });
  const size = new Gauge({
    name: 'oks3_block_store_bytes',
    help: 'Bytes of the block files in the data folder.',
    registers,
  });
  for (const block of ['new', 'reused']) {
    blocks.inc({ block }, 0);
    bytes.inc({ block }, 0);
  }
  return {
    blockPut: (length, created) => {
      const block = created ? 'new' : 'reused';
      blocks.inc({ block });
      bytes.inc({ block }, length);
      if (created) {
        files.inc();
        size.inc(length);
      }
    },
    blockDeleted: (length) => {
      deleted.inc();
      files.dec();
      size.dec(length);
    },
    addCensus: (census) => {
      files.inc(census.blocks);
      size.inc(census.bytes);
    },
  };
}
