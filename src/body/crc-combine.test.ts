import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChecksumHasher } from './checksum-algorithm.js';
import { type CombinableAlgorithm, combineCrc, combineCrcs } from './crc-combine.js';

const ALGORITHMS: CombinableAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME'];

async function crcOf(algorithm: CombinableAlgorithm, bytes: Buffer): Promise<Buffer> {
  const hasher = createChecksumHasher(algorithm);
  hasher.update(bytes);
  return hasher.digest();
}

describe('combining CRCs of pieces into the CRC of their concatenation', () => {
  for (const algorithm of ALGORITHMS) {
    it(`gives ${algorithm} of the whole bytes for pieces of many lengths, empty ones included`, async () => {
      const lengths = [0, 1, 3, 7, 64, 1000, 4096, 65_537, 0, 5];
      const pieces = lengths.map((n) => randomBytes(n));
      const whole = await crcOf(algorithm, Buffer.concat(pieces));
      const crcs = await Promise.all(
        pieces.map(async (p) => ({ crc: await crcOf(algorithm, p), length: p.length })),
      );
      expect(combineCrcs(algorithm, crcs).toString('hex')).toBe(whole.toString('hex'));
      const [a, b] = [pieces[5]!, pieces[7]!];
      const pair = combineCrc(algorithm, await crcOf(algorithm, a), await crcOf(algorithm, b), b.length);
      expect(pair.toString('hex')).toBe((await crcOf(algorithm, Buffer.concat([a, b]))).toString('hex'));
    });
  }

  it('matches the published check values when "123456789" is split in three', async () => {
    const parts = ['123', '4567', '89'].map((s) => Buffer.from(s));
    const expected: Record<CombinableAlgorithm, string> = {
      CRC32: 'cbf43926',
      CRC32C: 'e3069283',
      CRC64NVME: 'ae8b14860a799888',
    };
    for (const algorithm of ALGORITHMS) {
      const crcs = await Promise.all(
        parts.map(async (p) => ({ crc: await crcOf(algorithm, p), length: p.length })),
      );
      expect(combineCrcs(algorithm, crcs).toString('hex'), algorithm).toBe(expected[algorithm]);
    }
  });

  it('appends a long run of zero bytes (the operator of a multi-MiB piece)', async () => {
    // CRC(A || zeros(n)) from CRC(A) and CRC(zeros(n)), checked on a length the test can hash.
    const a = randomBytes(100);
    const zeros = Buffer.alloc(3 * 1024 * 1024);
    for (const algorithm of ALGORITHMS) {
      const combined = combineCrc(
        algorithm,
        await crcOf(algorithm, a),
        await crcOf(algorithm, zeros),
        zeros.length,
      );
      expect(combined.equals(await crcOf(algorithm, Buffer.concat([a, zeros]))), algorithm).toBe(true);
    }
  });
});
