import fc from 'fast-check';
import { S3Error } from './errors.js';

/**
 * The shared runner of the property tests ("fuzzing") of every parser. Each property runs
 * OKS3_FUZZ_RUNS cases (scaled by its weight: cheap parsers run more, costly ones fewer) and
 * prints how many it ran, so a CI log shows the fuzzing really happened.
 */
export const FUZZ_RUNS = Number(process.env.OKS3_FUZZ_RUNS ?? '300');

export interface FuzzOptions {
  /** Multiplies FUZZ_RUNS for this property. */
  weight?: number;
  /** Fails a case (a hang) that takes longer than this; bounded input must take bounded time. */
  caseTimeoutMs?: number;
}

export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => void | Promise<void>,
  opts: FuzzOptions = {},
): Promise<void> {
  const numRuns = Math.max(1, Math.round(FUZZ_RUNS * (opts.weight ?? 1)));
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      cases++;
      await check(value);
    }),
    { numRuns, timeout: opts.caseTimeoutMs ?? 2000 },
  );
  console.log(`[fuzz] ${name}: ${cases} cases`);
}

/**
 * Runs `parse` and returns its result, or the S3Error it threw. Anything else it throws (a
 * TypeError, a RangeError, an InternalError that would be a 500) fails the property.
 */
export async function s3ErrorOr<T>(parse: () => T | Promise<T>): Promise<T | S3Error> {
  try {
    return await parse();
  } catch (err) {
    if (!(err instanceof S3Error)) throw new Error(`threw a non-S3 error: ${String(err)}`, { cause: err });
    if (err.code === 'InternalError') throw new Error(`threw InternalError: ${err.message}`, { cause: err });
    return err;
  }
}

/** Bytes from `base` with a few flipped, dropped or inserted bytes: near-valid hostile input. */
export function mutated(base: Buffer): fc.Arbitrary<Buffer> {
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('flip', 'drop', 'insert', 'cut'),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let bytes = Buffer.from(base);
    for (const { at, kind, byte } of edits) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (kind === 'flip' && bytes.length > 0) bytes[i] = byte;
      else if (kind === 'drop') bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
      else if (kind === 'insert')
        bytes = Buffer.concat([bytes.subarray(0, i), Buffer.of(byte), bytes.subarray(i)]);
      else if (kind === 'cut') bytes = bytes.subarray(0, i);
    }
    return bytes;
  });
}

/** Cut points splitting a stream of `length` bytes into pieces, as TCP may deliver it. */
export function splitPoints(): fc.Arbitrary<number[]> {
  return fc.array(fc.nat(), { maxLength: 12 });
}

/** Splits `data` at the given points (taken modulo its length). */
export function splitAt(data: Buffer, points: readonly number[]): Buffer[] {
  if (data.length === 0) return [];
  const cuts = [...new Set(points.map((p) => p % data.length))].filter((p) => p > 0).sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    out.push(data.subarray(from, cut));
    from = cut;
  }
  return out;
}
