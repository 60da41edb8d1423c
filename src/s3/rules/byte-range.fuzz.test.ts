import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3Error } from '../../errors.js';
import { fuzz, s3ErrorOr } from '../../fuzz.fixture.js';
import { type ResolvedRange, resolveRange } from './byte-range.js';

/**
 * Reference model of one `bytes=first-last` range against an object of `size` bytes (RFC 9110
 * §14.1.2 as S3 applies it): undefined = serve the whole object, 'invalid' = 416 InvalidRange.
 */
function model(first: number | undefined, last: number | undefined, size: number) {
  if (first === undefined && last === undefined) return undefined;
  if (first === undefined) {
    const suffix = last as number;
    if (suffix === 0 || size === 0) return 'invalid';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  if (first >= size) return 'invalid';
  if (last !== undefined && last < first) return 'invalid';
  return { start: first, end: last === undefined ? size - 1 : Math.min(last, size - 1) };
}

const bound = fc.option(fc.oneof(fc.nat(200), fc.nat()), { nil: undefined });
const size = fc.oneof(fc.nat(200), fc.nat());

describe('Range header (fuzzed)', () => {
  it('agrees with the reference model on every well-formed range', async () => {
    await fuzz(
      'range vs model',
      fc.record({ first: bound, last: bound, size, spaces: fc.boolean() }),
      ({ first, last, size, spaces }) => {
        const header = `${spaces ? ' ' : ''}bytes=${first ?? ''}-${last ?? ''}${spaces ? ' ' : ''}`;
        const expected = model(first, last, size);
        let got: ResolvedRange | undefined | 'invalid';
        try {
          got = resolveRange(header, size);
        } catch (err) {
          expect(err).toBeInstanceOf(S3Error);
          expect((err as S3Error).code).toBe('InvalidRange');
          got = 'invalid';
        }
        expect(got).toEqual(expected);
      },
      { weight: 3 },
    );
  });

  it('answers any header with a range inside the object, nothing, or InvalidRange', async () => {
    const header = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(...'bytes=0123456789-, '), maxLength: 30 }),
    );
    await fuzz(
      'range arbitrary header',
      fc.record({ header, size }),
      async ({ header, size }) => {
        const got = await s3ErrorOr(() => resolveRange(header, size));
        if (got instanceof S3Error) expect(got.code).toBe('InvalidRange');
        else if (got !== undefined) {
          expect(got.start).toBeGreaterThanOrEqual(0);
          expect(got.end).toBeGreaterThanOrEqual(got.start);
          expect(got.end).toBeLessThan(size);
        }
      },
      { weight: 3 },
    );
  });
});
