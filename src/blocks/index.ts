export {
  type ChunkerOptions,
  DEFAULT_CHUNKER_OPTIONS,
  findCutPoints,
  resolveChunkerOptions,
  type ScanState,
  scanForCut,
} from '../compute/fastcdc.js';
export { assertBlockHash, blockPath, isBlockHash } from './block-path.js';
export type { BlockRange } from './block-reader.js';
export { type BlockInfo, BlockStore, type BlockStoreObserver, type ListedBlock } from './block-store.js';
export {
  type BlockSink,
  BlockWriter,
  type BlockWriterOptions,
  type HashedBlock,
  hashBlock,
  type StoredBlock,
} from './block-writer.js';
export { Chunker } from './chunker.js';
export { BlockNotFoundError, CorruptBlockError, InvalidBlockHashError } from './errors.js';
