import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route.js';

describe('the console route in the URL fragment', () => {
  it('is the bucket list when empty', () => {
    expect(parseRoute('')).toEqual({ bucket: '', folder: '' });
    expect(parseRoute('#/')).toEqual({ bucket: '', folder: '' });
  });

  it('round-trips folders whose names need escaping', () => {
    for (const folder of ['', 'a/', 'photos/2026/', 'with space/#hash?/', 'é/%41/']) {
      expect(parseRoute(href('my-bucket', folder))).toEqual({ bucket: 'my-bucket', folder });
    }
  });
});
