/**
 * Chunker throughput and dedup ratios on 64 MiB of pseudo-random data.
 *
 * Node 20 cannot run TypeScript directly and the repo has no TS runner, so compile this file with
 * its imports into a scratch folder and run the output:
 *   npx tsc --outDir /tmp/oks3-bench --rootDir . --module nodenext --moduleResolution nodenext \
 *     --target es2023 --types node --skipLibCheck bench/chunker-bench.ts && node /tmp/oks3-bench/bench/chunker-bench.js
 */
import { createCipheriv, createHash } from 'node:crypto';
import { findCutPoints } from '../src/blocks/index.js';

const MiB = 1024 * 1024;
const KiB = 1024;
const SIZE = 64 * MiB;
const ROUNDS = 3;

/** AES-CTR keystream: fast, incompressible and the same on every run. */
function pseudoRandom(size: number, seed: number): Buffer {
  const key = createHash('sha256').update(`bench ${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

function blockHashes(data: Buffer, avgSize: number): Map<string, number> {
  const hashes = new Map<string, number>();
  let start = 0;
  for (const end of findCutPoints(data, sizes(avgSize))) {
    hashes.set(createHash('sha256').update(data.subarray(start, end)).digest('hex'), end - start);
    start = end;
  }
  return hashes;
}

/** Blocks of each part chunked on its own, as a multipart upload stores them. */
function partHashes(data: Buffer, partSize: number, avgSize: number): Map<string, number> {
  const all = new Map<string, number>();
  for (let off = 0; off < data.length; off += partSize) {
    for (const [h, n] of blockHashes(data.subarray(off, off + partSize), avgSize)) all.set(h, n);
  }
  return all;
}

/** Share of `next`'s bytes found in `base`'s blocks. */
function reuse(base: Map<string, number>, next: Map<string, number>): string {
  let shared = 0;
  let total = 0;
  for (const [h, n] of next) {
    total += n;
    if (base.has(h)) shared += n;
  }
  return `${((100 * shared) / total).toFixed(1)} %`;
}

function sizes(avgSize: number): { minSize: number; avgSize: number; maxSize: number } {
  return { minSize: avgSize / 4, avgSize, maxSize: avgSize * 4 };
}

function mbPerSecond(run: () => void): string {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return `${(SIZE / MiB / best).toFixed(0)} MiB/s`;
}

const data = pseudoRandom(SIZE, 1);
const middle = SIZE / 2 + 12_345;
const shifted = Buffer.concat([data.subarray(0, middle), Buffer.from([42]), data.subarray(middle)]);
console.log(`node ${process.version}, ${SIZE / MiB} MiB pseudo-random data, best of ${ROUNDS}`);
console.log(`sha256 alone: ${mbPerSecond(() => createHash('sha256').update(data).digest())}`);
for (const avg of [64 * KiB, 128 * KiB, 256 * KiB, 512 * KiB, 1024 * KiB]) {
  const chunkOnly = mbPerSecond(() => findCutPoints(data, sizes(avg)));
  const withSha = mbPerSecond(() => blockHashes(data, avg));
  const whole = blockHashes(data, avg);
  console.log(
    [
      `avg ${avg / KiB} KiB:`,
      `chunker ${chunkOnly}, chunker+sha256 ${withSha},`,
      `${whole.size} blocks (mean ${(SIZE / whole.size / KiB).toFixed(1)} KiB),`,
      `1-byte insert reuse ${reuse(whole, blockHashes(shifted, avg))},`,
      `5 MiB parts vs 8 MiB parts reuse ${reuse(partHashes(data, 8 * MiB, avg), partHashes(data, 5 * MiB, avg))},`,
      `5 MiB parts vs whole ${reuse(whole, partHashes(data, 5 * MiB, avg))}`,
    ].join(' '),
  );
}
