import { describe, expect, it } from 'vitest';
import { earliestExpiry, type LifecycleRule, lifecycleDeadline, ruleMatches } from './lifecycle-rules.js';

const rule = (over: Partial<LifecycleRule>): LifecycleRule => ({
  id: 'r',
  enabled: true,
  form: 'filter',
  filter: { tags: [] },
  ...over,
});

describe('lifecycleDeadline', () => {
  it('adds the days and rounds up to the next midnight UTC, as S3 documents', () => {
    // S3's example: created 15 January 10:30 UTC, 3 days -> 19 January 00:00 UTC.
    const created = new Date('2026-01-15T10:30:00Z');
    expect(lifecycleDeadline(created, 3, 86400).toISOString()).toBe('2026-01-19T00:00:00.000Z');
  });

  it('rounds to multiples of a shortened day since the epoch', () => {
    expect(lifecycleDeadline(new Date(10_500), 1, 2).getTime()).toBe(14_000);
    expect(lifecycleDeadline(new Date(11_999), 1, 2).getTime()).toBe(14_000);
    expect(lifecycleDeadline(new Date(12_000), 1, 2).getTime()).toBe(14_000);
    expect(lifecycleDeadline(new Date(12_001), 2, 2).getTime()).toBe(18_000);
  });
});

describe('ruleMatches', () => {
  const subject = { key: 'logs/a', size: 10, tags: [{ key: 'k', value: 'v' }] };

  it('needs every condition: prefix, each tag, strict size bounds', () => {
    expect(ruleMatches(rule({ filter: { prefix: 'logs/', tags: [] } }), subject)).toBe(true);
    expect(ruleMatches(rule({ filter: { prefix: 'img/', tags: [] } }), subject)).toBe(false);
    expect(ruleMatches(rule({ filter: { tags: [{ key: 'k', value: 'v' }] } }), subject)).toBe(true);
    expect(ruleMatches(rule({ filter: { tags: [{ key: 'k', value: 'w' }] } }), subject)).toBe(false);
    expect(ruleMatches(rule({ filter: { tags: [], sizeGreaterThan: 10 } }), subject)).toBe(false);
    expect(ruleMatches(rule({ filter: { tags: [], sizeGreaterThan: 9, sizeLessThan: 11 } }), subject)).toBe(
      true,
    );
    expect(ruleMatches(rule({ filter: { tags: [], sizeLessThan: 10 } }), subject)).toBe(false);
  });
});

describe('earliestExpiry', () => {
  it('is the earliest enabled matching Expiration, Days or Date', () => {
    const created = new Date('2026-01-15T10:30:00Z');
    const subject = { key: 'a', size: 1, tags: [] };
    const rules = [
      rule({ id: 'late', expiration: { days: 30 } }),
      rule({ id: 'soon', expiration: { days: 2 } }),
      rule({ id: 'off', enabled: false, expiration: { days: 1 } }),
      rule({ id: 'other', filter: { prefix: 'b', tags: [] }, expiration: { days: 1 } }),
      rule({ id: 'noncurrent', noncurrentExpiration: { noncurrentDays: 1 } }),
    ];
    expect(earliestExpiry(rules, subject, created, 86400)).toEqual({
      at: new Date('2026-01-18T00:00:00Z'),
      ruleId: 'soon',
    });
    const dated = [...rules, rule({ id: 'dated', expiration: { date: Date.parse('2026-01-16T00:00:00Z') } })];
    expect(earliestExpiry(dated, subject, created, 86400)?.ruleId).toBe('dated');
    expect(earliestExpiry([rules[2]!, rules[3]!], subject, created, 86400)).toBeUndefined();
  });
});
