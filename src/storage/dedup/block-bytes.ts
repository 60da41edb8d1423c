import type { BlockRange, BlockStore } from '../../blocks/index.js';
import type { BlobBlock } from '../../metadata/blob-repository.js';
import { TAG_BYTES } from '../encryption/block-cipher.js';
import type { KeyRing } from '../encryption/key-ring.js';

export interface BlockBytesDeps {
  store: BlockStore;
  keys: KeyRing;
}

/** The length of a block's file: an encrypted block carries its GCM tag. */
export function fileSize(block: Pick<BlobBlock, 'size' | 'sealed'>): number {
  return block.size + (block.sealed ? TAG_BYTES : 0);
}

/**
 * Plaintext bytes `range` of a block, verified: a block in the clear against its name, an
 * encrypted one (read whole, it is at most one block) by its tag and sealed plaintext hash.
 */
export async function readPlain(
  deps: BlockBytesDeps,
  block: Pick<BlobBlock, 'hash' | 'size' | 'sealed'>,
  range?: BlockRange,
): Promise<Buffer> {
  if (!block.sealed) return deps.store.read(block.hash, block.size, range);
  const file = await deps.store.read(block.hash, fileSize(block));
  const data = deps.keys.cipherOf(block.sealed).openBlock(block.hash, block.sealed, file);
  return range ? data.subarray(range.start ?? 0, (range.end ?? data.length - 1) + 1) : data;
}
