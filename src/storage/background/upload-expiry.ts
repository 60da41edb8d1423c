import type { Logger } from '../../logger.js';
import type { MultipartStore } from '../multipart-store.js';

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
  let aborted = 0;
  for await (const u of deps.multipart.all()) {
    if (now - u.initiated.getTime() < maxAgeSeconds * 1000) continue;
    if (await deps.multipart.abort(u.bucket, u.key, u.uploadId, 0)) aborted += 1;
  }
  if (aborted > 0) deps.log.info({ aborted }, 'aborted expired multipart uploads');
  return aborted;
}

/** Runs `expireUploads` every `intervalSeconds`, one pass at a time; returns the stop function. */
export function startUploadExpiry(deps: ExpiryDeps, maxAgeSeconds: number, intervalSeconds: number) {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= expireUploads(deps, maxAgeSeconds)
      .then(
        () => undefined,
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
