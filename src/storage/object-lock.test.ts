import { describe, expect, it } from 'vitest';
import { defaultRetentionFrom } from './object-lock.js';

describe('defaultRetentionFrom', () => {
  it('counts days and calendar years from the write', () => {
    const now = new Date('2028-02-29T12:00:00.000Z');
    expect(defaultRetentionFrom({ mode: 'GOVERNANCE', days: 2 }, now)).toEqual({
      mode: 'GOVERNANCE',
      until: new Date('2028-03-02T12:00:00.000Z'),
    });
    // A year after 29 February is 1 March in a year without one (Date's rollover).
    expect(defaultRetentionFrom({ mode: 'COMPLIANCE', years: 1 }, now).until).toEqual(
      new Date('2029-03-01T12:00:00.000Z'),
    );
  });
});
