/** Milliseconds since the epoch. The fakes read time only through a clock, so tests can move it. */
export type Clock = () => number;

/** The process clock, read at each call (so a test that mocks `Date` moves the fakes too). */
export const systemClock: Clock = () => Date.now();

/** Real time plus an offset a test moves forward: a lease's TTL passes without waiting for it. */
export class OffsetClock {
  private offsetMs = 0;
  readonly now: Clock = () => Date.now() + this.offsetMs;

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
