import { describe, expect, it } from 'vitest';
import { variable } from './policy.fixture.js';
import { matchesTemplate, NO_KEYS, parseTemplate, resolvePlain } from './policy-template.js';

const like = (pattern: string, value: string, ignoreCase = false) =>
  matchesTemplate(parseTemplate(pattern, true), value, NO_KEYS, ignoreCase);

describe('policy templates', () => {
  it('match * as any run, ? as one character (a code point, not a UTF-16 unit)', () => {
    expect(like('photos/*', 'photos/')).toBe(true);
    expect(like('photos/*', 'photos/2026/a.jpg')).toBe(true);
    expect(like('*.jpg', 'a/b.jpg.png')).toBe(false);
    expect(like('a?c', 'abc')).toBe(true);
    expect(like('a?c', 'ac')).toBe(false);
    expect(like('a?c', 'a😀c')).toBe(true);
    expect(like('*a*b*c*', 'xxaxxbxxcxx')).toBe(true);
    expect(like('*a*b*c*', 'xxaxxcxxbxx')).toBe(false);
    expect(like('', '')).toBe(true);
    expect(like('Photos/*', 'photos/x', true)).toBe(true);
  });

  it('treat regex syntax as plain text', () => {
    expect(like('a.b', 'axb')).toBe(false);
    expect(like('(x)+[y]', '(x)+[y]')).toBe(true);
  });

  it('answer at once for a pattern of many stars on a long key that does not match', () => {
    const pattern = `${'a*'.repeat(40)}b`;
    const started = performance.now();
    expect(like(pattern, 'a'.repeat(1024))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('resolve a default value and fail on an absent key', () => {
    const withDefault = parseTemplate(`home/${variable("aws:username, 'guest'")}/`, true);
    expect(resolvePlain(withDefault, NO_KEYS)).toBe('home/guest/');
    expect(resolvePlain(parseTemplate(`home/${variable('aws:username')}/`, true), NO_KEYS)).toBeUndefined();
    expect(resolvePlain(parseTemplate(`home/${variable('aws:username')}/`, false), NO_KEYS)).toBe(
      `home/${variable('aws:username')}/`,
    );
  });
});
