import type { ChecksumAlgorithm } from './checksum-algorithm.js';

/**
 * The CRC of a concatenation from the CRCs and lengths of its pieces, without their bytes: what a
 * FULL_OBJECT multipart checksum is, since Complete reads no byte. This is zlib's crc32_combine
 * (GF(2) polynomial arithmetic: shift the first CRC by x^(8·len) mod P, then xor the second),
 * generalised to any reflected CRC whose init and final xor are all ones, as CRC32, CRC32C and
 * CRC64NVME are. Written here because npm has no maintained combine for CRC32C or CRC64NVME
 * (@balena/node-crc-utils does zlib's CRC32 only, and Node's zlib.crc32 has no combine); BigInt
 * keeps one code path for 32 and 64 bits.
 */
export type CombinableAlgorithm = Extract<ChecksumAlgorithm, 'CRC32' | 'CRC32C' | 'CRC64NVME'>;

interface CrcShape {
  width: bigint;
  /** The generator polynomial, bit-reversed (the form reflected CRCs use). */
  reflectedPoly: bigint;
}

const SHAPES: Record<CombinableAlgorithm, CrcShape> = {
  CRC32: { width: 32n, reflectedPoly: 0xedb88320n },
  CRC32C: { width: 32n, reflectedPoly: 0x82f63b78n },
  CRC64NVME: { width: 64n, reflectedPoly: 0x9a6c9329ac4bc9b5n },
};

/** x^(2^k) mod P, for k = 0, 1, ..., grown as longer lengths need them. */
const POWERS = new Map<CombinableAlgorithm, bigint[]>();

/** a(x)·b(x) mod P, both in reflected form (the top bit is x^0). */
function multiplyModP(shape: CrcShape, a: bigint, b: bigint): bigint {
  let m = 1n << (shape.width - 1n);
  let product = 0n;
  let rest = b;
  while (m !== 0n) {
    if ((a & m) !== 0n) product ^= rest;
    m >>= 1n;
    rest = (rest & 1n) !== 0n ? (rest >> 1n) ^ shape.reflectedPoly : rest >> 1n;
  }
  return product;
}

function powerOfTwo(algorithm: CombinableAlgorithm, k: number): bigint {
  const shape = SHAPES[algorithm];
  let table = POWERS.get(algorithm);
  if (!table) {
    table = [1n << (shape.width - 2n)]; // x^1
    POWERS.set(algorithm, table);
  }
  while (table.length <= k) {
    const last = table[table.length - 1]!;
    table.push(multiplyModP(shape, last, last));
  }
  return table[k]!;
}

/** x^(8·bytes) mod P: the operator that appends `bytes` zero bytes to a CRC register. */
function zeroBytesOperator(algorithm: CombinableAlgorithm, bytes: number): bigint {
  const shape = SHAPES[algorithm];
  let result = 1n << (shape.width - 1n); // x^0
  let n = BigInt(bytes);
  for (let k = 3; n !== 0n; k++, n >>= 1n) {
    if ((n & 1n) !== 0n) result = multiplyModP(shape, powerOfTwo(algorithm, k), result);
  }
  return result;
}

/** CRC(A || B) from CRC(A), CRC(B) and the length of B, each CRC as its big-endian bytes. */
export function combineCrc(
  algorithm: CombinableAlgorithm,
  first: Buffer,
  second: Buffer,
  secondLength: number,
): Buffer {
  return combineCrcs(algorithm, [
    { crc: first, length: 0 },
    { crc: second, length: secondLength },
  ]);
}

/**
 * The CRC of the concatenation of pieces given as (CRC, length), in order; none: the empty CRC.
 * Parts mostly share one size, so each length's operator is computed once.
 */
export function combineCrcs(
  algorithm: CombinableAlgorithm,
  pieces: readonly { crc: Buffer; length: number }[],
): Buffer {
  const shape = SHAPES[algorithm];
  const bytes = Number(shape.width / 8n);
  const operators = new Map<number, bigint>();
  const operatorFor = (length: number) => {
    let op = operators.get(length);
    if (op === undefined) {
      op = zeroBytesOperator(algorithm, length);
      operators.set(length, op);
    }
    return op;
  };
  const [head, ...tail] = pieces;
  if (!head) return Buffer.alloc(bytes);
  let crc = toBigInt(head.crc);
  for (const piece of tail) crc = multiplyModP(shape, operatorFor(piece.length), crc) ^ toBigInt(piece.crc);
  return fromBigInt(crc, bytes);
}

export function isCombinable(algorithm: ChecksumAlgorithm): algorithm is CombinableAlgorithm {
  return algorithm in SHAPES;
}

function toBigInt(bytes: Buffer): bigint {
  return BigInt(`0x${bytes.toString('hex') || '0'}`);
}

function fromBigInt(value: bigint, bytes: number): Buffer {
  return Buffer.from(value.toString(16).padStart(bytes * 2, '0'), 'hex');
}
