import { createCipheriv, createHash } from 'node:crypto';

/**
 * Incompressible bytes that are the same on every run for a seed: an AES-128-CTR keystream. Each
 * workload uses its own seed so that no server can deduplicate one workload against another.
 */
export function pseudoRandom(size: number, seed: string): Buffer {
  const key = createHash('sha256').update(`ok-s3 bench ${seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const out = Buffer.allocUnsafe(size);
  const zeros = Buffer.alloc(Math.min(size, 16 * 1024 * 1024));
  for (let off = 0; off < size; off += zeros.length) {
    const n = Math.min(zeros.length, size - off);
    cipher.update(zeros.subarray(0, n)).copy(out, off);
  }
  return out;
}
