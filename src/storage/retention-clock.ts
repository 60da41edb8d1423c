/**
 * The time Object Lock decisions are taken at: whether a retention still holds, when a default
 * retention ends, whether a retain-until date lies in the future. The system clock plus an offset
 * that only code in the server's process can move (`RunningServer.context.clock`): tests move it
 * past a retention instead of waiting. No S3 request, header or setting reaches it.
 */
export class RetentionClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock `seconds` forward (negative: back), on top of earlier moves. */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  /** Back to the system clock. */
  reset(): void {
    this.offsetMs = 0;
  }
}
