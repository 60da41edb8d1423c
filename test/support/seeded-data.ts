import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * Reproducible pseudo-random bytes: the AES-256-CTR keystream of a key derived from `seed`.
 * Fast (GB/s) and the same on every run, so large tests can regenerate data instead of keeping it.
 */
export function seededStream(seed: string, size: number, chunkSize = 1024 * 1024): Readable {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(chunkSize);
  let left = size;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, chunkSize);
      left -= n;
      this.push(cipher.update(n === chunkSize ? zeros : zeros.subarray(0, n)));
    },
  });
}

export async function seededBuffer(seed: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of seededStream(seed, size)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** SHA-256 (hex) of a stream, consumed chunk by chunk. */
export async function sha256Of(stream: AsyncIterable<Uint8Array>): Promise<{ hex: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { hex: hash.digest('hex'), size };
}
