import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockPath, isBlockHash } from './block-path.js';
import { InvalidBlockHashError } from './errors.js';

const HASH = `ab12${'c'.repeat(60)}`;

describe('blockPath', () => {
  it('fans a hash out into two directory levels under the data dir', () => {
    expect(blockPath('/data', HASH)).toBe(path.join('/data', 'ab', '12', HASH));
  });

  it.each([
    ['a parent-directory escape', `../../${'a'.repeat(58)}`],
    ['a path separator', `ab/${'a'.repeat(61)}`],
    ['uppercase hex', HASH.toUpperCase()],
    ['a short hash', 'a'.repeat(63)],
    ['a long hash', 'a'.repeat(65)],
    ['an empty string', ''],
    ['non-hex letters', 'g'.repeat(64)],
    ['a trailing newline', `${'a'.repeat(64)}\n`],
  ])('rejects %s with InvalidBlockHashError', (_label, hash) => {
    expect(isBlockHash(hash)).toBe(false);
    expect(() => blockPath('/data', hash)).toThrow(InvalidBlockHashError);
  });

  it('keeps hostile input short in the error message', () => {
    expect(() => blockPath('/data', 'x'.repeat(10_000))).toThrow(/^invalid block hash "x{80}\.\.\."/);
  });
});
