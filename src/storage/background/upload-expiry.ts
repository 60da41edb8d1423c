import type { Logger } from '../../logger.js';
import type { MultipartStore } from '../multipart-store.js';
import { type BackgroundObserver, type ExpiryReport, timedPass, UNOBSERVED } from './background-observer.js';

export interface ExpiryDeps {
  multipart: Pick<MultipartStore, 'all' | 'abort'>;
  log: Logger;
}

/**
 * Aborts uploads initiated more than `maxAgeSeconds` before `now`. Safe with several servers: an
 * upload another request (or server) holds is skipped until the next pass, and abort is idempotent.
 */
export async function expireUploads(
  deps: ExpiryDeps,
  maxAgeSeconds: number,
  now = Date.now(),
): Promise<number> {
  return (await expireUploadsReport(deps, maxAgeSeconds, now)).aborted;
}

/** expireUploads, telling what it saw (for metrics). */
export async function expireUploadsReport(
  deps: ExpiryDeps,
  maxAgeSeconds: number,
  now = Date.now(),
): Promise<ExpiryReport> {
  const report: ExpiryReport = { open: 0, expired: 0, aborted: 0 };
  for await (const u of deps.multipart.all()) {
    report.open += 1;
    if (now - u.initiated.getTime() < maxAgeSeconds * 1000) continue;
    report.expired += 1;
    if (await deps.multipart.abort(u.bucket, u.key, u.uploadId, 0)) report.aborted += 1;
  }
  if (report.aborted > 0) deps.log.info({ aborted: report.aborted }, 'aborted expired multipart uploads');
  return report;
}

/** Runs `expireUploads` every `intervalSeconds`, one pass at a time; returns the stop function. */
export function startUploadExpiry(
  deps: ExpiryDeps,
  maxAgeSeconds: number,
  intervalSeconds: number,
  observer: BackgroundObserver = UNOBSERVED,
) {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= timedPass(observer, 'upload_expiry', () => expireUploadsReport(deps, maxAgeSeconds))
      .then(
        (report) => observer.uploadsExpired(report),
        // A failed pass decides nothing: the next one starts over.
        (err: unknown) => deps.log.warn({ err }, 'multipart expiry pass failed; will retry'),
      )
      .finally(() => {
        running = undefined;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  return async (): Promise<void> => {
    clearInterval(timer);
    await running;
  };
}
