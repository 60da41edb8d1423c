import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { OffsetClock } from './clock.js';
import { numberOrder, textOrder } from './cql-order.js';
import { MemoryTable } from './memory-table.js';

interface Row {
  p: string;
  c: number;
  v: string | null;
  n: number | null;
}

function table(clock = new OffsetClock()) {
  return new MemoryTable<Row>(
    { partitionKey: ['p'], clustering: [{ column: 'c', order: numberOrder }], columns: ['v', 'n'] },
    clock.now,
  );
}

describe('MemoryTable (cells as Cassandra reconciles them)', () => {
  it('keeps the write with the newest timestamp, whatever order writes arrive in', () => {
    const t = table();
    t.insert({ p: 'a', c: 1, v: 'new', n: 2 }, { ts: 20 });
    t.insert({ p: 'a', c: 1, v: 'old', n: 1 }, { ts: 10 });
    expect(t.get({ p: 'a', c: 1 })).toEqual({ p: 'a', c: 1, v: 'new', n: 2 });
  });

  it('settles a tie column by column: the greater value wins', () => {
    const t = table();
    t.insert({ p: 'a', c: 1, v: 'b', n: 1 }, { ts: 10 });
    t.insert({ p: 'a', c: 1, v: 'a', n: 9 }, { ts: 10 });
    expect(t.get({ p: 'a', c: 1 })).toEqual({ p: 'a', c: 1, v: 'b', n: 9 });
  });

  it('hides cells written at or before a tombstone, and shows later ones', () => {
    const t = table();
    t.insert({ p: 'a', c: 1, v: 'x', n: 1 }, { ts: 10 });
    t.deleteRow({ p: 'a', c: 1 }, 20);
    t.insert({ p: 'a', c: 1, v: 'late', n: 2 }, { ts: 20 });
    expect(t.get({ p: 'a', c: 1 })).toBeUndefined();
    t.insert({ p: 'a', c: 2, v: 'y', n: 1 }, { ts: 10 });
    t.deletePartition({ p: 'a' }, 15);
    t.insert({ p: 'a', c: 3, v: 'z', n: null }, { ts: 16 });
    expect(t.select({ p: 'a' })).toEqual([{ p: 'a', c: 3, v: 'z', n: null }]);
  });

  it('creates a row with an UPDATE, which lives only while one of its cells does', () => {
    const t = table();
    t.update({ p: 'a', c: 1, v: 'x' }, { ts: 10 });
    expect(t.get({ p: 'a', c: 1 })).toEqual({ p: 'a', c: 1, v: 'x', n: null });
    t.update({ p: 'a', c: 1, v: null }, { ts: 11 });
    expect(t.get({ p: 'a', c: 1 })).toBeUndefined();
    t.insert({ p: 'a', c: 2 }, { ts: 12 });
    expect(t.get({ p: 'a', c: 2 })).toEqual({ p: 'a', c: 2, v: null, n: null });
  });

  it('expires cells and the row marker after their TTL, each on its own', () => {
    // Real time stands still, so only the clock's own advances count (a loaded machine did not).
    vi.useFakeTimers({ now: Date.now() });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const clock = new OffsetClock();
    const t = table(clock);
    t.insert({ p: 'a', c: 1, v: 'x', n: 1 }, { ts: 10, ttlSeconds: 2 });
    t.update({ p: 'a', c: 1, n: 5 }, { ts: 11, ttlSeconds: 10 });
    clock.advance(1999);
    expect(t.get({ p: 'a', c: 1 })).toEqual({ p: 'a', c: 1, v: 'x', n: 5 });
    clock.advance(1);
    expect(t.get({ p: 'a', c: 1 })).toEqual({ p: 'a', c: 1, v: null, n: 5 });
    clock.advance(8000);
    expect(t.get({ p: 'a', c: 1 })).toBeUndefined();
  });

  it('lists a partition in clustering order and hands out copies', () => {
    const t = new MemoryTable<{ p: string; c: string; d: Date | null }>(
      { partitionKey: ['p'], clustering: [{ column: 'c', order: textOrder }], columns: ['d'] },
      Date.now,
    );
    const d = new Date(1000);
    for (const c of ['😀', 'b', '\uFFFD', 'a']) t.insert({ p: 'x', c, d }, { ts: 1 });
    d.setTime(2000);
    const rows = t.select({ p: 'x' });
    expect(rows.map((r) => r.c)).toEqual(['a', 'b', '\uFFFD', '😀']);
    rows[0]!.d!.setTime(3000);
    expect(t.get({ p: 'x', c: 'a' })?.d?.getTime()).toBe(1000);
  });
});
