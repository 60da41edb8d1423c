import { Transform, type TransformCallback } from 'node:stream';
import {
  type ChunkerOptions,
  type ChunkParams,
  resolveChunkerOptions,
  type ScanState,
  scanForCut,
} from './fastcdc.js';

/**
 * Splits a byte stream into content-defined blocks (FastCDC, see fastcdc.ts).
 * Writable side: Buffers of any size. Readable side (objectMode): one Buffer per block.
 *
 * Memory: the open block's pieces (< maxSize) plus the input chunk being scanned. A block that lies
 * inside one input chunk is emitted as a zero-copy subarray of it; only blocks that span chunks are
 * copied, once. Backpressure comes from Transform itself: the next input chunk is not taken while
 * the readable queue (kept short on purpose) is full.
 */
export class Chunker extends Transform {
  readonly #params: ChunkParams;
  readonly #state: ScanState = { length: 0, fp: 0 };
  /** Bytes of the open block, in order, not yet emitted. */
  #pieces: Buffer[] = [];

  constructor(options?: Partial<ChunkerOptions>) {
    super({ readableObjectMode: true, readableHighWaterMark: 2 });
    this.#params = resolveChunkerOptions(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let from = 0;
    while (from < chunk.length) {
      const cut = scanForCut(this.#params, chunk, from, chunk.length, this.#state);
      if (cut < 0) {
        this.#pieces.push(chunk.subarray(from));
        break;
      }
      this.#emit(chunk.subarray(from, cut));
      from = cut;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.#pieces.length > 0) this.#emit(Buffer.alloc(0));
    callback();
  }

  #emit(tail: Buffer): void {
    const block = this.#pieces.length === 0 ? tail : Buffer.concat([...this.#pieces, tail]);
    this.#pieces = [];
    this.push(block);
  }
}
