import { Transform, type TransformCallback } from 'node:stream';

/** Bytes per slab: large enough that a thread round trip per slab is noise, small for memory. */
export const SLAB_BYTES = 1024 * 1024;

/** The slabs' memory, recognised by identity (a transferred buffer comes back as a new object). */
const slabMemory = new WeakSet<ArrayBuffer>();

/**
 * Re-cuts a byte stream into slabs: Buffers of SLAB_BYTES (the last one shorter), each at the start
 * of an ArrayBuffer of its own, which the hash pool hands to a thread and gets back (transferred,
 * not copied). This is the one copy of the body: it takes the place of the copy the chunker made of
 * every block spanning socket reads.
 */
export class SlabBatcher extends Transform {
  #slab: Buffer = newSlab();
  #filled = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let from = 0;
    while (from < chunk.length) {
      const n = chunk.copy(this.#slab, this.#filled, from);
      this.#filled += n;
      from += n;
      if (this.#filled === SLAB_BYTES) {
        this.push(this.#slab);
        this.#slab = newSlab();
        this.#filled = 0;
      }
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.#filled > 0) this.push(this.#slab.subarray(0, this.#filled));
    callback();
  }
}

function newSlab(): Buffer {
  return slabOf(new ArrayBuffer(SLAB_BYTES), SLAB_BYTES);
}

/** The first `length` bytes of `memory` as a slab (used for memory a thread hands back). */
export function slabOf(memory: ArrayBuffer, length: number): Buffer {
  slabMemory.add(memory);
  return Buffer.from(memory, 0, length);
}

/** True for a Buffer that is a whole slab's bytes: a thread can take its memory. */
export function isSlab(chunk: Uint8Array): boolean {
  return chunk.byteOffset === 0 && chunk.buffer instanceof ArrayBuffer && slabMemory.has(chunk.buffer);
}
