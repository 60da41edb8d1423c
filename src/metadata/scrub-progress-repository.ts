import type { CqlClient } from './cassandra-client.js';

const ROW = 'scrub';

export interface ScrubProgress {
  /** The round in progress, if one was started and not finished (a crash or a restart). */
  round?: { startedAt: Date; cursor: string | undefined; found: string | undefined };
  lastReport?: string;
  lastFinished?: Date;
}

/**
 * Table `scrub_progress`: where the scrubber is, so a round interrupted by a restart resumes after
 * the last block file it verified instead of re-reading the whole store.
 */
export class ScrubProgressRepository {
  constructor(private readonly db: CqlClient) {}

  async get(): Promise<ScrubProgress> {
    const row = (await this.db.execute('SELECT * FROM scrub_progress WHERE name = ?', [ROW])).first();
    if (!row) return {};
    const started = row.get('round_started') as Date | null;
    const text = (column: string) => (row.get(column) as string | null) ?? undefined;
    return {
      round: started ? { startedAt: started, cursor: text('cursor'), found: text('found') } : undefined,
      lastReport: text('last_report'),
      lastFinished: (row.get('last_finished') as Date | null) ?? undefined,
    };
  }

  async saveRound(startedAt: Date, cursor: string | undefined, found: string): Promise<void> {
    await this.db.execute(
      'UPDATE scrub_progress SET round_started = ?, cursor = ?, found = ? WHERE name = ?',
      [startedAt, cursor ?? null, found, ROW],
    );
  }

  async finishRound(report: string, finishedAt: Date): Promise<void> {
    await this.db.execute(
      'UPDATE scrub_progress SET round_started = null, cursor = null, found = null, last_report = ?, last_finished = ? WHERE name = ?',
      [report, finishedAt, ROW],
    );
  }
}
