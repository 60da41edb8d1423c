import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { BlockStore } from './block-store.js';

/** What the metadata layer records for each block of an object, in object order. */
export interface StoredBlock {
  readonly hash: string;
  readonly size: number;
  /** False when the block was already on disk (dedup hit) or is a repeat within this stream. */
  readonly created: boolean;
}

export interface BlockWriterOptions {
  /** Blocks being written at once; each fsync waits on the disk, so a few overlap well. Default 4. */
  readonly maxInFlight?: number;
}

/** A block whose SHA-256 an earlier stage already computed (so it is hashed once). */
export interface HashedBlock {
  readonly hash: string;
  readonly data: Buffer;
}

export function hashBlock(data: Buffer): HashedBlock {
  return { hash: createHash('sha256').update(data).digest('hex'), data };
}

/** The one BlockStore method the writer needs; tests substitute a slow or failing one. */
export type BlockSink = Pick<BlockStore, 'put'>;

interface InFlight {
  readonly hash: string;
  readonly size: number;
  readonly done: Promise<{ created: boolean }>;
}

/**
 * objectMode Transform: block Buffers in, StoredBlock descriptors out, in input order, each one
 * emitted only after its block is durably stored. Up to `maxInFlight` puts overlap; the next input
 * block is not accepted while the window is full, which is the backpressure towards the chunker.
 *
 * If the stream fails, puts already started still finish; the caller waits for them before it
 * discards the blob they belong to (storage/dedup/blob-writer.ts), which releases their blocks.
 */
export class BlockWriter extends Transform {
  readonly #store: BlockSink;
  readonly #maxInFlight: number;
  readonly #window: InFlight[] = [];

  constructor(store: BlockSink, options: BlockWriterOptions = {}) {
    super({ objectMode: true, highWaterMark: 4 });
    const maxInFlight = options.maxInFlight ?? 4;
    if (!Number.isSafeInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
    }
    this.#store = store;
    this.#maxInFlight = maxInFlight;
  }

  override _transform(
    block: Buffer | HashedBlock,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    const hashed = Buffer.isBuffer(block) ? hashBlock(block) : block;
    if (!Buffer.isBuffer(hashed.data) || typeof hashed.hash !== 'string') {
      callback(new TypeError('BlockWriter expects Buffer blocks or { hash, data }'));
      return;
    }
    this.#window.push(this.#start(hashed));
    this.#drain(this.#maxInFlight - 1).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.#drain(0).then(() => callback(), callback);
  }

  #start({ hash, data: block }: HashedBlock): InFlight {
    // A repeat of a block still being written (zero-filled data, say) waits for that write instead of racing it.
    const earlier = this.#window.find((entry) => entry.hash === hash);
    const done = earlier ? earlier.done.then(() => ({ created: false })) : this.#store.put(hash, block);
    // The window is awaited in order; without this a later failure would be an unhandled rejection meanwhile.
    done.catch(() => {});
    return { hash, size: block.length, done };
  }

  /** Emits finished blocks, oldest first, until at most `keep` remain in flight. */
  async #drain(keep: number): Promise<void> {
    while (this.#window.length > keep) {
      const head = this.#window[0]!;
      const { created } = await head.done;
      this.#window.shift();
      this.push({ hash: head.hash, size: head.size, created } satisfies StoredBlock);
    }
  }
}
