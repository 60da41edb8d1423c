import cassandra from 'cassandra-driver';
import { type Clock, systemClock } from './clock.js';
import { createTables, type MemoryTables } from './memory-schema.js';

const TimeUuid = cassandra.types.TimeUuid;
const TICKS_PER_MS = 10_000;

/**
 * The in-memory stand-in for one Cassandra keyspace: its tables, and the two clocks CQL writes
 * read: the client's write timestamps and the server's `now()`. The fake repositories built on one
 * MemoryDb share its tables exactly as the real ones share a session.
 */
export class MemoryDb {
  readonly tables: MemoryTables;
  private lastTimestamp = 0;
  private lastUuidMs = 0;
  private ticks = 0;

  constructor(readonly now: Clock = systemClock) {
    this.tables = createTables(now);
  }

  /**
   * Runs one statement after a microtask, where a real one waits for Cassandra: concurrent
   * operations interleave between statements, and each statement (an LWT, a single-partition
   * batch) is atomic, as in Cassandra.
   */
  async run<T>(statement: () => T): Promise<T> {
    await Promise.resolve();
    return statement();
  }

  /** A write timestamp in microseconds, increasing like the driver's monotonic generator's. */
  timestamp(): number {
    this.lastTimestamp = Math.max(this.now() * 1000, this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  /** `toTimestamp(now())`. */
  date(): Date {
    return new Date(this.now());
  }

  /** CQL `now()`: a timeuuid of the current time, increasing within a millisecond too. */
  timeuuid(): string {
    const ms = this.now();
    if (ms === this.lastUuidMs && this.ticks < TICKS_PER_MS - 1) this.ticks += 1;
    else {
      this.lastUuidMs = ms;
      this.ticks = 0;
    }
    return TimeUuid.fromDate(new Date(ms), this.ticks).toString();
  }
}
