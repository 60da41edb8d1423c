import { Transform, type TransformCallback } from 'node:stream';
import {
  type ChunkerOptions,
  type ChunkParams,
  resolveChunkerOptions,
  type ScanState,
  scanForCut,
} from '../compute/fastcdc.js';
import type { HashPool, ScanStream } from '../compute/hash-pool.js';
import { isSlab } from '../compute/slabs.js';
import type { HashedBlock } from './block-writer.js';

/**
 * Splits a byte stream into content-defined blocks (FastCDC, see compute/fastcdc.ts).
 * Writable side: Buffers of any size. Readable side (objectMode): one Buffer per block, or, when
 * the input comes in slabs (compute/slabs.ts) and a hash pool is given, one
 * HashedBlock per block: a hashing thread then finds the cuts and hashes the blocks, the same cuts
 * this thread would find, and the event loop only slices.
 *
 * Memory: the open block's pieces (< maxSize) plus the input chunk being scanned. A block that lies
 * inside one input chunk is emitted as a zero-copy subarray of it; only blocks that span chunks are
 * copied, once. Backpressure comes from Transform itself: the next input chunk is not taken while
 * the readable queue (kept short on purpose) is full.
 */
export class Chunker extends Transform {
  readonly #params: ChunkParams;
  readonly #state: ScanState = { length: 0, fp: 0 };
  readonly #hashing: HashPool | undefined;
  /** Set by the first chunk when it is a slab and the pool has threads. */
  #scan: ScanStream | undefined;
  #mode: 'undecided' | 'here' | 'thread' = 'undecided';
  /** Bytes of the open block, in order, not yet emitted. */
  #pieces: Buffer[] = [];

  constructor(options?: Partial<ChunkerOptions>, hashing?: HashPool) {
    super({ readableObjectMode: true, readableHighWaterMark: 2 });
    this.#params = resolveChunkerOptions(options);
    this.#hashing = hashing;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#mode === 'undecided') {
      this.#mode = this.#hashing?.enabled && isSlab(chunk) ? 'thread' : 'here';
    }
    if (this.#mode === 'thread') {
      this.#scanOnThread(chunk).then(() => callback(), callback);
      return;
    }
    let from = 0;
    while (from < chunk.length) {
      const cut = scanForCut(this.#params, chunk, from, chunk.length, this.#state);
      if (cut < 0) {
        this.#pieces.push(chunk.subarray(from));
        break;
      }
      this.push(this.#close(chunk.subarray(from, cut)));
      from = cut;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.#mode !== 'thread') {
      if (this.#pieces.length > 0) this.push(this.#close(Buffer.alloc(0)));
      callback();
      return;
    }
    const scan = this.#scan;
    this.#scan = undefined;
    if (!scan) {
      callback();
      return;
    }
    scan.end().then((hash) => {
      if (this.#pieces.length > 0)
        this.push({ hash, data: this.#close(Buffer.alloc(0)) } satisfies HashedBlock);
      callback();
    }, callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#scan?.drop();
    this.#scan = undefined;
    callback(err);
  }

  async #scanOnThread(chunk: Buffer): Promise<void> {
    this.#scan ??= await this.#hashing!.openScan(this.#params);
    // The slab's memory is on the thread meanwhile; `slab` is the same bytes handed back.
    const { slab, cuts } = await this.#scan.update(chunk);
    let from = 0;
    for (const { end, hash } of cuts) {
      this.push({ hash, data: this.#close(slab.subarray(from, end)) } satisfies HashedBlock);
      from = end;
    }
    if (from < slab.length) this.#pieces.push(slab.subarray(from));
  }

  /** The open block ending with `tail`, as one Buffer; the next block starts empty. */
  #close(tail: Buffer): Buffer {
    const block = this.#pieces.length === 0 ? tail : Buffer.concat([...this.#pieces, tail]);
    this.#pieces = [];
    return block;
  }
}
