import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz } from '../fuzz.fixture.js';
import { blockPath } from './block-path.js';
import { InvalidBlockHashError } from './errors.js';

/** Object keys never name files (blocks are named by hash); this is the one name-to-path mapping. */
describe('block paths (fuzzed)', () => {
  const key = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    fc.string({
      unit: fc.constantFrom('..', '.', '/', '//', '%2F', '\\', 'a', '\0'),
      minLength: 1,
      maxLength: 20,
    }),
  );
  it('never maps anything but a block hash to a path, and that path stays in the data folder', async () => {
    const dataDir = '/srv/obs_data';
    const name = fc.oneof(key, fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 }));
    await fuzz(
      'block path confinement',
      name,
      (n) => {
        let file: string;
        try {
          file = blockPath(dataDir, n);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidBlockHashError);
          return;
        }
        expect(path.relative(dataDir, file)).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      },
      { weight: 3 },
    );
  });
});
